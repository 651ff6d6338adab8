"""Key-to-screen latency inside the app, driven by Textual's Pilot on a copy of a data set.

    python bench/latency.py DATA_DIR --presses 50 --result out.json [--profile ACTION --profile-out FILE]

For each press: t0 is taken just before the key is handed to the app; every frame the app composes
and hands to its driver (App._display) is time-stamped, together with a fingerprint of the whole
screen it leaves (every cell's text and style); the press is over once no frame has come for
--quiet seconds. The figure is the time of the last frame that changed what the screen shows,
minus t0: the moment the screen showed the whole result of the key (a pushed screen fully laid
out, a saved change on the board) and stayed that way. Textual also sends frames that repaint
cells with what they already held (the footer recomposing after a screen change, for one); a
person cannot see those, so they do not extend the figure, but the last frame of any kind is
reported next to it. The screen is rebuilt from the recorded updates after the press, so the
check costs the press nothing. Frames come at most every 1/60 s (Textual's update timer); that wait is part of what a
person sees.

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
    """Every frame's moment and update, and (replayed after the press, outside the timing) the
    fingerprint of the whole screen after each one."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.frames: list[float] = []
        self.updates: list = []
        self.screens: list[int] = []
        self.cells = VirtualScreen(size)

    def catch_up(self) -> None:
        for index in range(len(self.screens), len(self.updates)):
            self.cells.apply(self.updates[index])
            self.screens.append(self.cells.fingerprint())
            # Let it go: hundreds of thousands of kept strips would make the collector's full
            # passes slower and slower, and those pauses would land inside the app's presses.
            self.updates[index] = None


class VirtualScreen:
    """The cells a terminal would show, rebuilt from the compositor's updates the way a terminal
    would apply their cursor moves and text (text and style per cell)."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.width, self.height = size
        self.rows = [[("", None)] * self.width for _ in range(self.height)]

    def apply(self, update) -> None:
        from rich.console import Console
        from rich.segment import ControlType

        console = Console(width=self.width, height=self.height, file=None, legacy_windows=False)
        x = y = 0
        for segment in update.__rich_console__(console, console.options):
            if segment.control:
                for code in segment.control:
                    if code[0] is ControlType.CURSOR_MOVE_TO:
                        x, y = code[1], code[2]
                continue
            if segment.text == "\n" or not 0 <= y < self.height:
                continue
            row = self.rows[y]
            for character in segment.text:
                if 0 <= x < self.width:
                    row[x] = (character, segment.style)
                x += 1

    def fingerprint(self) -> int:
        return hash(tuple(tuple(row) for row in self.rows))


def instrument(app_class, timings: Timings) -> None:
    original = app_class._display

    def _display(self, screen, renderable) -> None:
        original(self, screen, renderable)
        if renderable is not None and not self._batch_count:
            timings.frames.append(time.perf_counter())
            timings.updates.append(renderable)

    app_class._display = _display


def last_visible_change(frames: list[float], screens: list[int], before: int) -> float:
    """The moment of the last frame that changed the screen, given the fingerprint before the
    press; the first frame if none changed anything (a key whose result looks like before)."""
    moment, previous = frames[0], before
    for frame, fingerprint in zip(frames, screens):
        if fingerprint != previous:
            moment = frame
        previous = fingerprint
    return moment


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

    async def press(key: str, expected: str, before=None, after=None) -> tuple[float, float, float, float]:
        """(ms to the last visible change, ms to the first frame, ms to the last frame, CPU ms)."""
        app.clear_notifications()
        await settle()
        timings.catch_up()
        seen = len(timings.frames)
        shown_before = timings.screens[-1] if timings.screens else 0
        if before:
            before()
        started, cpu_started = time.perf_counter(), time.process_time()
        await pilot.press(key)
        await settle()
        used = (time.process_time() - cpu_started) * 1000
        if after:
            after()
        timings.catch_up()
        frames = timings.frames[seen:]
        screens = timings.screens[seen:]
        screen = type(app.screen).__name__
        if screen != expected:
            raise RuntimeError(f"after {key!r} the screen is {screen}, not {expected}")
        if not frames:
            raise RuntimeError(f"{key!r} produced no frame")
        visible = last_visible_change(frames, screens, shown_before)
        if TRACE:
            marks = [f"{(moment - started) * 1000:.1f}{'*' if fingerprint != previous else ''}"
                     for moment, fingerprint, previous in zip(frames, screens, [shown_before, *screens])]
            print(expected, " ".join(marks), file=sys.stderr)
        return ((visible - started) * 1000, (frames[0] - started) * 1000, (frames[-1] - started) * 1000, used)

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

    timings = Timings(size)
    instrument(FloorApp, timings)
    app = FloorApp()
    result: dict[str, list[float]] = {f"{name}{part}": [] for name in ("open", "close")
                                      for part in ("", "_first", "_last")}
    async with app.run_test(size=size, notifications=True) as pilot:
        settle, press = presser(app, pilot, timings, quiet)
        await settle()
        for _ in range(presses):
            for name, key, expected in (("open", "s", "FloorScreen"), ("close", "escape", "Screen")):
                visible, first, last, _ = await press(key, expected)
                result[name].append(visible)
                result[f"{name}_first"].append(first)
                result[f"{name}_last"].append(last)
    return result


async def run(data_dir: Path, presses: int, quiet: float, size: tuple[int, int], profile: str | None,
              profile_out: str | None) -> dict:
    from focus_tui.app import FocusApp
    from focus_tui.domain.clock import FixedClock
    from focus_tui.domain.periods import Stage
    from focus_tui.domain.tasks import Status
    from generate import NOW

    timings = Timings(size)
    instrument(FocusApp, timings)
    # freeze_after_start as the `focus` command sets it (focus_tui/cli.py).
    app = FocusApp(clock=FixedClock(NOW), data_dir=data_dir, cursor_blink=False, first_run=False,
                   freeze_after_start=True)
    samples: dict[str, list[float]] = {name: [] for name in ACTIONS}
    first_frame: dict[str, list[float]] = {name: [] for name in ACTIONS}
    last_frame: dict[str, list[float]] = {name: [] for name in ACTIONS}
    cpu: dict[str, list[float]] = {name: [] for name in ACTIONS}
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()

    async with app.run_test(size=size, notifications=True) as pilot:
        settle, press = presser(app, pilot, timings, quiet)

        async def timed(action: str, key: str) -> None:
            profiling = profiler is not None and action == profile
            visible, first, last, used = await press(key, ACTIONS[action][2],
                                                     before=profiler.enable if profiling else None,
                                                     after=profiler.disable if profiling else None)
            samples[action].append(visible)
            first_frame[action].append(first)
            last_frame[action].append(last)
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

    return {"samples": samples, "first_frame": first_frame, "last_frame": last_frame, "cpu": cpu, "peak_rss_kib": peak_rss_kib(), "size": list(size), "presses": presses,
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
