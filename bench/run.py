"""focus-tui benchmark: builds realistic data and measures, on this machine, what people feel.

    python bench/run.py            # 10k tasks over 730 days (the target data set)
    python bench/run.py --tasks 1000 --days 730
    python bench/run.py --quick    # fewer repetitions, for a smoke run

Prints a table and writes it to bench/results/latest.md. Timing lives here, never in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from focus_tui.domain.clock import FixedClock, timestamp  # noqa: E402
from focus_tui.domain.tasks import new_task  # noqa: E402
from focus_tui.storage import Store  # noqa: E402
from focus_tui.storage.exchange import EXPORT_FORMAT, EXPORT_VERSION, import_data  # noqa: E402

KINDS = ["email", "forms", "feedback", "calls", "review", "report", None]
CATEGORIES = ["planning", "routine", "routine", "transactional", "transactional"]
WORDS = "plan draft reply review send check update prepare call write fix book sort ask".split()


def generate_export(tasks: int, days: int, now: datetime, seed: int = 7) -> dict:
    """`tasks` tasks spread over the last `days` days; all but the last few days' work is finished."""
    rng = random.Random(seed)
    records = []
    for task_id in range(1, tasks + 1):
        age_days = rng.uniform(0, days)
        created = now - timedelta(days=age_days)
        recent = age_days < 3
        status = "todo" if recent and rng.random() < 0.6 else rng.choice(["done"] * 9 + ["dropped"])
        finished = None if status == "todo" else created + timedelta(minutes=rng.randint(5, 600))
        records.append({
            "id": task_id,
            "title": f"{rng.choice(WORDS).capitalize()} {' '.join(rng.choices(WORDS, k=rng.randint(2, 6)))} #{task_id}",
            "purpose": "",
            "notes": "",
            "category": rng.choice(CATEGORIES),
            "kind": rng.choice(KINDS),
            "minutes": rng.choice([None, 5, 10, 15, 30, 60, 90]),
            "status": status,
            "day": created.date().isoformat(),
            "due": None,
            "created": timestamp(created),
            "changed": timestamp(finished or created),
            "finished": timestamp(finished) if finished else None,
        })
    return {"format": EXPORT_FORMAT, "format_version": EXPORT_VERSION, "next_id": {"tasks": tasks + 1},
            "tables": {"tasks": records}}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure_persist(data_dir: Path, clock: FixedClock, repeats: int, archive_days: int) -> tuple[list[float], int, int]:
    """Milliseconds per persisted change (alternating add / complete / edit), lock and fsync included."""
    store = Store(data_dir, clock, archive_after_days=archive_days).open()
    live_tasks = len(store.tasks())
    timings = []
    last_added = None
    for index in range(repeats):
        started = time.perf_counter()
        if index % 3 == 0:
            last_added = store.add_task(new_task(f"bench task {index}", clock.now(), kind="email", minutes=5)).id
        elif index % 3 == 1:
            store.complete_task(last_added)
        else:
            store.edit_task(last_added, title=f"renamed {index}")
        timings.append((time.perf_counter() - started) * 1000)
    return timings, live_tasks, (data_dir / "focus.json").stat().st_size


def measure_cli(data_dir: Path, clock_text: str, repeats: int) -> list[float]:
    """Whole-process time of `focus list`, the verb a status bar calls every few seconds."""
    env = {**os.environ, "FOCUS_HOME": str(data_dir), "FOCUS_CLOCK": clock_text,
           "FOCUS_CONFIG": str(data_dir / "none.toml")}
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "focus_tui", "list"], env=env, check=True, capture_output=True)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "latest.md"))
    args = parser.parse_args()
    repeats = 30 if args.quick else 150
    cli_repeats = 3 if args.quick else 9

    now = datetime.fromisoformat("2026-11-21T09:30:00+00:00")
    clock = FixedClock(now)
    export = generate_export(args.tasks, args.days, now)
    rows = []
    workdir = Path(tempfile.mkdtemp(prefix="focus-bench-"))
    try:
        for label, archive_days in (("with archive (default: finished > 30 days)", 30), ("everything in the live file", 100_000)):
            data_dir = workdir / label.split()[0]
            import_data(Store(data_dir, clock, archive_after_days=archive_days).open(), export)
            # measure_persist opens the store again, so the archive step runs as on the next start.
            timings, live, size = measure_persist(data_dir, clock, repeats, archive_days)
            rows.append((f"persist one change, {label}", timings, f"{live:,} live tasks, file {size / 1024:,.0f} KiB"))
        cli = measure_cli(workdir / "with", timestamp(now), cli_repeats)
        rows.append(("`focus list` whole process (status-bar verb)", cli, "no Textual import"))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    lines = [
        f"Data: {args.tasks:,} tasks over {args.days} days. Machine: {machine()}. "
        f"Run: {datetime.now():%Y-%m-%d}.",
        "",
        "| measure | median ms | p95 ms | notes |",
        "| --- | ---: | ---: | --- |",
    ]
    for name, values, note in rows:
        lines.append(f"| {name} | {statistics.median(values):.1f} | {percentile(values, 0.95):.1f} | {note} |")
    table = "\n".join(lines)
    print(table)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(table + "\n", encoding="utf-8")
    print(f"\nwritten to {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
