"""Key-to-screen latency inside the app, driven by Textual's Pilot on a copy of a data set.

    python bench/latency.py DATA_DIR --presses 50 --result out.json [--profile ACTION --profile-out FILE]

For each press: t0 is taken just before the key is handed to the app; every frame the app composes
and hands to its driver (App._display) is time-stamped; the press is over once no frame has come
for --quiet seconds. The figure is the last frame's time minus t0: the moment the screen showed
the whole result of the key (a pushed screen fully laid out, a saved change on the board). Frames
come at most every 1/60 s (Textual's update timer); that wait is part of what a person sees.

Between timed presses, and never inside one: toasts are cleared (so their timers do not fire
inside a later press), the task to act on is highlighted, and a completed task is put back with
undo (timed too, as its own row). Every change goes through the real Store, lock, fsync and all.

Then the same timing on the minimal Textual app pushing and popping a screen of Header, Static and
Footer: Textual's own floor on this machine, to read the app's figures against.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (str(ROOT), str(ROOT / "bench")):
    if entry not in sys.path:
        sys.path.insert(0, entry)

ACTIONS = {
    # name: (key, description, what the screen must be afterwards)
    "move": ("j/k", "move the cursor (j, k)", "BoardScreen"),
    "complete": ("space", "complete a task (space)", "BoardScreen"),
    "undo": ("u", "undo the completion (u)", "BoardScreen"),
    "blocker_open": ("b", "open the blocker dialog (b)", "BlockerDialog"),
    "blocker_close": ("escape", "close the blocker dialog (esc)", "BoardScreen"),
    "queue_open": ("Q", "open the queue (Q)", "QueueScreen"),
    "queue_close": ("escape", "close the queue (esc)", "BoardScreen"),
    "review_open": ("R", "open the daily review (R)", "DayReviewScreen"),
    "review_close": ("escape", "close the daily review (esc)", "BoardScreen"),
    "progress_open": ("plus", "log progress: open the prompt (+ on a card)", "TextPromptDialog"),
    "progress_type": ("5", "log progress: type the amount", "TextPromptDialog"),
    "progress_save": ("enter", "log progress: save (enter)", "BoardScreen"),
}


TRACE = False


class Timings:
    def __init__(self) -> None:
        self.frames: list[float] = []


def instrument(app_class, timings: Timings) -> None:
    original = app_class._display

    def _display(self, screen, renderable) -> None:
        original(self, screen, renderable)
        if renderable is not None and not self._batch_count:
            timings.frames.append(time.perf_counter())

    app_class._display = _display


def presser(app, pilot, timings: Timings, quiet: float):
    """settle() waits until no frame has come for `quiet` seconds; press(key, screen) times one key:
    (ms to the last frame, ms to the first frame, CPU ms), checking the screen it leads to."""

    async def settle(limit: float = 10.0) -> None:
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            seen = len(timings.frames)
            await asyncio.sleep(quiet)
            if len(timings.frames) == seen:
                return
        raise RuntimeError("the screen never settled")

    async def press(key: str, expected: str, before=None, after=None) -> tuple[float, float, float]:
        app.clear_notifications()
        await settle()
        seen = len(timings.frames)
        if before:
            before()
        started, cpu_started = time.perf_counter(), time.process_time()
        await pilot.press(key)
        await settle()
        used = (time.process_time() - cpu_started) * 1000
        if after:
            after()
        frames = [moment for moment in timings.frames[seen:] if moment >= started]
        screen = type(app.screen).__name__
        if screen != expected:
            raise RuntimeError(f"after {key!r} the screen is {screen}, not {expected}")
        if not frames:
            raise RuntimeError(f"{key!r} produced no frame")
        if TRACE:
            print(expected, [round((moment - started) * 1000, 1) for moment in frames], file=sys.stderr)
        return (frames[-1] - started) * 1000, (frames[0] - started) * 1000, used

    return settle, press


async def run_floor(presses: int, quiet: float, size: tuple[int, int]) -> dict:
    """Textual's own floor on this machine: push and pop a screen of Header, Static and Footer in
    the minimal app, timed exactly as the app's keys are."""
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Static

    from minimal_app import MinimalApp

    class FloorScreen(Screen):
        BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

        def compose(self):
            yield Header()
            yield Static("a pushed screen")
            yield Footer()

    class FloorApp(MinimalApp):
        BINDINGS = [Binding("s", "push_floor", "Screen")]

        def action_push_floor(self) -> None:
            self.push_screen(FloorScreen())

    timings = Timings()
    instrument(FloorApp, timings)
    app = FloorApp()
    result: dict[str, list[float]] = {"open": [], "close": [], "open_first": [], "close_first": []}
    async with app.run_test(size=size, notifications=True) as pilot:
        settle, press = presser(app, pilot, timings, quiet)
        await settle()
        for _ in range(presses):
            wall, first, _ = await press("s", "FloorScreen")
            result["open"].append(wall)
            result["open_first"].append(first)
            wall, first, _ = await press("escape", "Screen")
            result["close"].append(wall)
            result["close_first"].append(first)
    return result


async def run(data_dir: Path, presses: int, quiet: float, size: tuple[int, int], profile: str | None,
              profile_out: str | None) -> dict:
    from focus_tui.app import FocusApp
    from focus_tui.domain.clock import FixedClock
    from focus_tui.domain.periods import Stage
    from focus_tui.domain.tasks import Status
    from generate import NOW

    timings = Timings()
    instrument(FocusApp, timings)
    app = FocusApp(clock=FixedClock(NOW), data_dir=data_dir, cursor_blink=False, first_run=False)
    samples: dict[str, list[float]] = {name: [] for name in ACTIONS}
    first_frame: dict[str, list[float]] = {name: [] for name in ACTIONS}
    cpu: dict[str, list[float]] = {name: [] for name in ACTIONS}
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()

    async with app.run_test(size=size, notifications=True) as pilot:
        settle, press = presser(app, pilot, timings, quiet)

        async def timed(action: str, key: str) -> None:
            profiling = profiler is not None and action == profile
            wall, first, used = await press(key, ACTIONS[action][2], before=profiler.enable if profiling else None,
                                            after=profiler.disable if profiling else None)
            samples[action].append(wall)
            first_frame[action].append(first)
            cpu[action].append(used)

        await settle()
        board = app.screen
        if type(board).__name__ != "BoardScreen":
            raise RuntimeError(f"the app opened on {type(board).__name__}, not the board")
        task_list = board.tasks_list
        ids = task_list.task_ids
        store = app.store
        # A task to complete: open, not a routine instance (those open their checklist), not carried.
        target = next((store.task(task_id) for task_id in ids
                       if store.task(task_id).routine_id is None and store.task(task_id).status is Status.TODO
                       and store.task(task_id).day == app.today()), None)
        if target is None:
            raise RuntimeError("today's list has no plain open task to complete")

        for index in range(presses):
            task_list.focus()
            task_list.highlighted = min(3, len(ids) - 2)
            await settle()
            await timed("move", "j")
            await timed("move", "k")
        for _ in range(presses):
            task_list.highlight_task(target.id)
            await settle()
            await timed("complete", "space")
            if store.task(target.id).status is not Status.DONE:
                raise RuntimeError("complete: the task is not done")
            await timed("undo", "u")
            if store.task(target.id).status is not Status.TODO:
                raise RuntimeError("undo: the task did not come back")
        for _ in range(presses):
            task_list.highlight_task(target.id)
            await timed("blocker_open", "b")
            await timed("blocker_close", "escape")
        for _ in range(presses):
            await timed("queue_open", "Q")
            await timed("queue_close", "escape")
        for _ in range(presses):
            await timed("review_open", "R")
            await timed("review_close", "escape")
        card = board.query_one("#card-quarter")
        for _ in range(presses):
            card.focus()
            await settle()
            await timed("progress_open", "plus")
            await timed("progress_type", "5")
            await timed("progress_save", "enter")
        logged = sum(1 for entry in store.key_task(board.views[Stage.QUARTER].key.id).progress if entry.at == NOW)
        if logged < presses:
            raise RuntimeError(f"log progress: {logged} of {presses} entries were saved")

    if profiler is not None and profile_out:
        profiler.dump_stats(profile_out)
    from probe import peak_rss_kib

    return {"samples": samples, "first_frame": first_frame, "cpu": cpu, "peak_rss_kib": peak_rss_kib(), "size": list(size), "presses": presses,
            "list_length": len(ids), "at": datetime.now().isoformat(timespec="seconds")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--presses", type=int, default=50)
    parser.add_argument("--quiet", type=float, default=0.1, help="seconds without a frame that end a press")
    parser.add_argument("--size", default="120x36")
    parser.add_argument("--result", required=True)
    parser.add_argument("--profile", choices=sorted(ACTIONS), help="cProfile this action's presses")
    parser.add_argument("--profile-out", help="where to write the cProfile stats")
    parser.add_argument("--trace", action="store_true", help="print every press's frame times to stderr")
    args = parser.parse_args()
    global TRACE
    TRACE = args.trace
    cols, rows = (int(part) for part in args.size.lower().split("x"))
    result = asyncio.run(run(args.data_dir, args.presses, args.quiet, (cols, rows), args.profile, args.profile_out))
    if not args.profile:
        result["floor"] = asyncio.run(run_floor(args.presses, args.quiet, (cols, rows)))
    Path(args.result).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
