"""Profiles behind the benchmark's figures, on a cached data set (see bench/run.py).

    .venv/bin/python bench/profiles.py imports            # python -X importtime of `focus` to its first frame
    .venv/bin/python bench/profiles.py start              # cProfile of `focus` from the first line to the first frame
    .venv/bin/python bench/profiles.py key review_open    # cProfile of one action's presses (names: bench/latency.py)
    .venv/bin/python bench/profiles.py idle --seconds 30  # cProfile of the idle window: what wakes up
    ... --size 50k  --top 30  --pyinstrument (start only, when pyinstrument is installed)

Prints the top functions by cumulative and by own time. Use it before and after a fix.
"""

from __future__ import annotations

import argparse
import io
import pstats
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

from run import Workspace, start_a_batch  # noqa: E402


def show(stats_file: Path, top: int, title: str) -> None:
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        stats = pstats.Stats(str(stats_file), stream=out)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        text = out.getvalue()
        print(f"\n=== {title}: top {top} by {order} ===")
        print(text[text.find("   ncalls"):] if "   ncalls" in text else text)


def import_times(ws: Workspace, data_dir: Path, top: int) -> None:
    result = ws.root / "imports.json"
    completed = subprocess.run([sys.executable, "-X", "importtime", str(BENCH / "probe.py"), "focus", "--result", str(result)],
                               env=ws.env(data_dir), capture_output=True, text=True, cwd=ws.root)
    rows = []
    for line in completed.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            rows.append((int(match[2]), int(match[1]), len(match[3]) // 2, match[4]))
    total = sum(own for _, own, _, _ in rows)
    print(f"{len(rows)} modules imported, {total / 1000:.0f} ms of import time in all (own times summed)")
    print("\n=== top-level packages by cumulative import time ===")
    tops = [row for row in rows if row[2] == 0]
    for cumulative, own, _, name in sorted(tops, reverse=True)[:top]:
        print(f"{cumulative / 1000:8.1f} ms  {name}")
    print("\n=== any module by cumulative import time ===")
    for cumulative, own, depth, name in sorted(rows, reverse=True)[:top]:
        print(f"{cumulative / 1000:8.1f} ms  {'  ' * depth}{name}")
    by_package: dict[str, int] = {}
    for _, own, _, name in rows:
        package = name.split(".")[0]
        by_package[package] = by_package.get(package, 0) + own
    print("\n=== own import time by top package ===")
    for package, own in sorted(by_package.items(), key=lambda item: -item[1])[:top]:
        print(f"{own / 1000:8.1f} ms  {package}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("imports", "start", "key", "idle"))
    parser.add_argument("action", nargs="?", help="for key: the action to profile (bench/latency.py ACTIONS)")
    parser.add_argument("--size", default="10k")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=30.0, help="idle window")
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument("--cache", default=str(BENCH / ".cache"))
    args = parser.parse_args()

    ws = Workspace(Path(args.cache))
    try:
        data_dir = ws.copy(args.size)
        stats_file = Path(tempfile.mkdtemp(prefix="focus-profile-")) / f"{args.what}.prof"
        if args.what == "imports":
            import_times(ws, data_dir, args.top)
            return 0
        if args.what == "start":
            result = ws.root / "start.json"
            if args.pyinstrument:
                command = [sys.executable, "-m", "pyinstrument", "-r", "text", str(BENCH / "probe.py"), "focus", "--result", str(result)]
                completed = subprocess.run(command, env=ws.env(data_dir), capture_output=True, text=True, cwd=ws.root)
                print(completed.stdout or completed.stderr)
                return completed.returncode
            command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), str(BENCH / "probe.py"), "focus", "--result", str(result)]
            subprocess.run(command, env=ws.env(data_dir), check=True, cwd=ws.root)
            show(stats_file, args.top, "`focus` start to first frame (and exit)")
        elif args.what == "key":
            if not args.action:
                parser.error("key needs an action, e.g. review_open")
            result = ws.root / "latency.json"
            command = [sys.executable, str(BENCH / "latency.py"), str(data_dir), "--presses", str(args.presses),
                       "--result", str(result), "--profile", args.action, "--profile-out", str(stats_file)]
            subprocess.run(command, env=ws.env(), check=True, cwd=ws.root)
            show(stats_file, args.top, f"{args.presses} presses of {args.action}")
        else:
            batch = start_a_batch(data_dir)
            result = ws.root / "idle.json"
            command = [sys.executable, str(BENCH / "probe.py"), "focus", "--result", str(result), "--idle", str(args.seconds),
                       "--pop-to-board", "--moving-clock", "--profile", str(stats_file)]
            subprocess.run(command, env=ws.env(data_dir), check=True, cwd=ws.root)
            print(f"batch running: {batch}")
            print(result.read_text())
            show(stats_file, args.top, f"{args.seconds:.0f} s idle, board open, batch timer running")
    finally:
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
