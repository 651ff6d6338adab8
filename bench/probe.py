"""One process of the benchmark: start `focus` (exactly as the command does) or the minimal Textual
app, headless, and report when the first frame was composed; optionally stay idle and measure CPU.

    python bench/probe.py focus --result out.json                 # start, first frame, exit
    python bench/probe.py minimal --result out.json
    python bench/probe.py focus --idle 60 --pop-to-board --moving-clock --result out.json

`focus` runs through focus_tui.cli.main([]), so argument parsing, config, paths and the store are
what the real command does; the only changes are made here, from outside the app: App.run gets
headless=True and a fixed size, and App._display (where every composed frame is handed to the
driver) notes the time of the first frame of the board (or of the batch screen on top of it).

The first-frame moment is time.monotonic() (CLOCK_MONOTONIC, one clock for every process), so the
parent subtracts its own reading taken just before it spawned this process: the figure covers
the interpreter starting, every import, reading the data and composing the first frame.

--idle N: after the first frame (and --settle seconds), measure this process's CPU time (all
threads) over N seconds of wall time; count Textual timer ticks and composed frames by name.
--linger N: stay N seconds after the first frame before exiting (the bench's warm-up start, so
what a start saves after its first frame is there for the measured ones, as for any second start).
--moving-clock: the app's clock starts at FOCUS_CLOCK and moves with real time (so a running
batch's countdown really changes every second). --profile FILE: cProfile over the measured part.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (str(ROOT), str(ROOT / "bench")):
    if entry not in sys.path:
        sys.path.insert(0, entry)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("app", choices=("focus", "minimal"))
    parser.add_argument("--result", required=True, help="JSON file to write the figures to")
    parser.add_argument("--size", default="120x36", help="terminal size, COLSxROWS")
    parser.add_argument("--idle", type=float, default=0.0, help="seconds of idle to measure after the first frame")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait after the first frame before --idle")
    parser.add_argument("--pop-to-board", action="store_true", help="if the batch screen opened on top, show the board")
    parser.add_argument("--moving-clock", action="store_true", help="the clock starts at FOCUS_CLOCK and moves")
    parser.add_argument("--profile", help="write cProfile stats of the measured part to this file")
    parser.add_argument("--linger", type=float, default=0.0,
                        help="seconds to stay after the first frame (without --idle), as a person's start would: "
                             "what the app saves after its first frame (its start-up cache) gets saved")
    return parser.parse_args()


class Probe:
    """What the patched app reports into."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        cols, rows = (int(part) for part in args.size.lower().split("x"))
        self.size = (cols, rows)
        self.first_frame: float | None = None
        self.first_frame_cpu: float | None = None
        self.first_screen = ""
        self.frames: dict[str, int] = {}
        self.ticks: dict[str, int] = {}
        self.counting = False
        self.result: dict = {}
        self.profiler = None

    def write(self) -> None:
        self.result.update(first_frame=self.first_frame, first_frame_cpu=self.first_frame_cpu, first_screen=self.first_screen,
                           peak_rss_kib=peak_rss_kib(), cpu_seconds_total=time.process_time())
        Path(self.args.result).write_text(json.dumps(self.result, indent=1), encoding="utf-8")


def peak_rss_kib() -> int:
    """This process's peak resident set (VmHWM). Not ru_maxrss: on Linux that carries the parent's
    high-water mark over fork and exec, so a child of a big parent would report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def patch(app_class, probe: Probe, wanted: tuple[str, ...]) -> None:
    """Make the app's run headless and time its first frame. The class itself is patched (not
    subclassed), so its CSS, its name in selectors and everything else stay exactly as shipped."""
    original_run = app_class.run
    original_display = app_class._display

    def run(self, *args, **kwargs):  # what `focus` calls
        kwargs.update(headless=True, size=probe.size)
        return original_run(self, *args, **kwargs)

    def _display(self, screen, renderable) -> None:
        original_display(self, screen, renderable)
        if renderable is None or self._batch_count:
            return
        name = type(screen).__name__
        if probe.counting:
            probe.frames[name] = probe.frames.get(name, 0) + 1
        if probe.first_frame is None and (not wanted or name in wanted):
            probe.first_frame = time.monotonic()
            probe.first_frame_cpu = time.process_time()
            probe.first_screen = name
            asyncio.get_running_loop().call_soon(after_first_frame, self)

    app_class.run = run
    app_class._display = _display

    def after_first_frame(app) -> None:
        if not probe.args.idle:
            probe.write()
            if probe.args.linger:
                asyncio.get_running_loop().call_later(probe.args.linger, app.exit)
            else:
                app.exit()
            return
        if probe.args.pop_to_board and type(app.screen).__name__ == "BatchScreen":
            app.pop_screen()
        loop = asyncio.get_running_loop()
        loop.call_later(probe.args.settle, start_window, app)

    def start_window(app) -> None:
        if probe.args.profile:
            import cProfile

            probe.profiler = cProfile.Profile()
            probe.profiler.enable()
        probe.counting = True
        probe.result["screen_measured"] = type(app.screen).__name__
        probe.result["window_start"] = (time.monotonic(), time.process_time())
        asyncio.get_running_loop().call_later(probe.args.idle, end_window, app)

    def end_window(app) -> None:
        wall0, cpu0 = probe.result.pop("window_start")
        wall, cpu = time.monotonic() - wall0, time.process_time() - cpu0
        probe.counting = False
        if probe.profiler is not None:
            probe.profiler.disable()
            probe.profiler.dump_stats(probe.args.profile)
        header = app.screen.query("FocusHeader")
        probe.result.update(idle_wall=wall, idle_cpu=cpu, idle_percent=100.0 * cpu / wall,
                            frames=probe.frames, timer_ticks=probe.ticks,
                            header_batch=header.first().batch_text if header else "")
        probe.write()
        app.exit()


def count_timer_ticks(probe: Probe) -> None:
    from textual.timer import Timer

    original = Timer._tick

    async def _tick(self, *, next_timer: float, count: int) -> None:
        if probe.counting:
            probe.ticks[self.name] = probe.ticks.get(self.name, 0) + 1
        await original(self, next_timer=next_timer, count=count)

    Timer._tick = _tick


def moving_clock() -> None:
    """FOCUS_CLOCK as the starting point of a clock that moves with real time."""
    from datetime import datetime, timedelta

    import focus_tui.runtime as runtime

    anchor = datetime.fromisoformat(os.environ["FOCUS_CLOCK"])
    started = time.monotonic()

    class MovingClock:
        def now(self) -> datetime:
            return anchor + timedelta(seconds=time.monotonic() - started)

    runtime.clock_from_env = lambda env=None: MovingClock()


def main() -> int:
    args = parse_args()
    probe = Probe(args)
    if args.idle:
        count_timer_ticks(probe)
    if args.app == "minimal":
        from minimal_app import MinimalApp

        patch(MinimalApp, probe, ())
        MinimalApp().run()
    else:
        import focus_tui.app as focus_app
        from focus_tui.cli import main as focus_main

        if args.moving_clock:
            moving_clock()
        patch(focus_app.FocusApp, probe, ("BoardScreen", "BatchScreen"))
        code = focus_main([])
        if code:
            print(f"focus exited with {code}", file=sys.stderr)
            return code
    if probe.first_frame is None:
        print("no frame was composed", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
