"""Storage reliability with real processes: kill -9, concurrent writers, a full disk, a read-only
data directory, and the CLI's behaviour when the data file is damaged.

Random kill moments come from a seeded RNG; the sleeps only choose *when* to kill, nothing here
asserts on timing.
"""

from __future__ import annotations

import ctypes
import json
import multiprocessing
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from focus_tui.domain.clock import FixedClock
from focus_tui.domain.tasks import new_task
from focus_tui.storage import Store

from tests.filehelpers import snapshot, temp_files

FROZEN = "2026-11-21T09:30:00+00:00"
CLI_ENV = {"FOCUS_CLOCK": FROZEN}


# -- helpers ------------------------------------------------------------------------------------
def frozen_clock() -> FixedClock:
    return FixedClock(datetime.fromisoformat(FROZEN))


def populate(data_dir: Path, count: int, notes: str = "") -> Store:
    store = Store(data_dir, frozen_clock()).open()
    for number in range(count):
        store.add_task(new_task(f"task {number}", store.clock.now(), notes=notes))
    return store


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("focus: error: ")
    return lines[0]


def wait_for(condition: Callable[[], bool], what: str, limit: float = 30.0) -> None:
    """A hang guard, not a timing assertion: fail instead of waiting forever."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.0005)


def check_after_kill(data_dir: Path, before: int, committed: int) -> tuple[int, bool]:
    """The file parses as it is, a fresh open works, and it holds the before or the after state."""
    left_temp = bool(temp_files(data_dir))
    if (data_dir / "focus.json").exists():
        json.loads((data_dir / "focus.json").read_bytes())
    store = Store(data_dir, frozen_clock()).open()
    tasks = store.tasks()
    assert len(tasks) - before in (committed, committed + 1), (before, committed, len(tasks))
    assert [task.id for task in tasks] == list(range(1, len(tasks) + 1))
    assert temp_files(data_dir) == []
    return len(tasks), left_temp


# -- 10. kill -9 a writer ----------------------------------------------------------------------------
def _writer(data_dir: str, committed: Any, stage: Any, hang: str | None) -> None:
    """Runs in a forked child: add tasks forever, publishing the committed count after each."""
    store = Store(Path(data_dir), frozen_clock()).open()
    data_file = store.data_file

    def freeze() -> None:
        stage.value = 1
        while True:
            time.sleep(1)

    for number in range(1_000_000):
        if hang and number == 1:
            real_replace, real_fsync = os.replace, os.fsync
            if hang == "before-replace":
                def patched_replace(src, dst, *args, **kwargs):
                    if Path(dst) == data_file:
                        freeze()
                    return real_replace(src, dst, *args, **kwargs)
                os.replace = patched_replace
            elif hang == "after-replace":
                def patched_replace(src, dst, *args, **kwargs):
                    result = real_replace(src, dst, *args, **kwargs)
                    if Path(dst) == data_file:
                        freeze()
                    return result
                os.replace = patched_replace
            elif hang == "before-fsync":
                def patched_fsync(fd):
                    if os.readlink(f"/proc/self/fd/{fd}").startswith(str(data_dir) + "/.focus.json.tmp-"):
                        freeze()
                    return real_fsync(fd)
                os.fsync = patched_fsync
        store.add_task(new_task(f"task {number}", store.clock.now()))
        committed.value = number + 1


def _kill_round(ctx: Any, data_dir: Path, before: int, pause: float | None, hang: str | None) -> tuple[int, int, bool]:
    committed = ctx.RawValue("q", 0)  # no lock: a killed child must not leave it held
    stage = ctx.RawValue("i", 0)
    child = ctx.Process(target=_writer, args=(str(data_dir), committed, stage, hang), daemon=True)
    child.start()
    try:
        if hang:
            wait_for(lambda: stage.value == 1 or not child.is_alive(), "the writer to reach its hang point")
        else:
            wait_for(lambda: committed.value >= 1 or not child.is_alive(), "the writer's first commit")
            time.sleep(pause or 0)
        assert child.is_alive(), f"the writer died by itself (exit code {child.exitcode})"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
    assert child.exitcode == -signal.SIGKILL
    count, left_temp = check_after_kill(data_dir, before, committed.value)
    return count, committed.value, left_temp


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to tell which file is being synced")
@pytest.mark.parametrize(
    ("hang", "state"),
    [("before-fsync", "before"), ("before-replace", "before"), ("after-replace", "after")],
)
def test_kill_at_each_step_of_a_write(tmp_path: Path, hang: str, state: str) -> None:
    ctx = multiprocessing.get_context("fork")
    data_dir = tmp_path / "data"
    count, committed, left_temp = _kill_round(ctx, data_dir, 0, None, hang)
    assert committed == 1
    assert count == (1 if state == "before" else 2)
    assert left_temp == (state == "before")  # the half-done temp file was there, and is now gone


@pytest.mark.slow
def test_kill_minus_nine_at_random_moments(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(20261121)
    rounds, per_dir = 120, 12
    mid_write = 0
    for group in range(rounds // per_dir):
        data_dir = tmp_path / f"group-{group}"
        before = 0
        for _ in range(per_dir):
            before, _, left_temp = _kill_round(ctx, data_dir, before, rng.uniform(0, 0.012), None)
            mid_write += left_temp
    print(f"{rounds} kills, {mid_write} of them mid-write (a temp file was left behind)")


@pytest.mark.slow
def test_kill_minus_nine_of_the_cli_at_random_moments(data_dir: Path, run_cli, isolated_env: dict[str, str]) -> None:
    populate(data_dir, 20)
    env = {**os.environ, **isolated_env, **CLI_ENV}
    command = [sys.executable, "-m", "focus_tui", "add", "killed maybe"]
    started = time.monotonic()
    assert subprocess.run(command, env=env, capture_output=True).returncode == 0
    full_run = time.monotonic() - started  # only to aim the kills at the end, where the write is
    rng = random.Random(7)
    before = 21
    outcomes = []
    for _ in range(8):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.1) * full_run)
        process.kill()
        outcomes.append(process.wait())
        before, _ = check_after_kill(data_dir, before, 0)
    result = run_cli("list", "--all", "--json", env=CLI_ENV)
    assert result.returncode == 0 and len(json.loads(result.stdout)) == before
    print(f"CLI exit codes after kill: {outcomes}")


# -- 11. concurrent writers ------------------------------------------------------------------------
WORKER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime
    from pathlib import Path
    from focus_tui.domain.clock import FixedClock
    from focus_tui.domain.tasks import new_task
    from focus_tui.storage import Store

    data_dir, name, count, gate = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    clock = FixedClock(datetime.fromisoformat("2026-11-21T09:30:00+00:00"))
    store = Store(data_dir, clock, lock_timeout=120).open()
    (gate.parent / f"ready-{name}").touch()
    while not gate.exists():
        time.sleep(0.001)
    for number in range(count):
        store.add_task(new_task(f"{name}-{number}", clock.now()))
    """
)


@pytest.mark.slow
def test_three_processes_adding_at_once_lose_nothing(tmp_path: Path, isolated_env: dict[str, str]) -> None:
    data_dir, gate = tmp_path / "data", tmp_path / "go"
    Store(data_dir, frozen_clock()).open()
    env = {**os.environ, **isolated_env}
    names = ["p0", "p1", "p2"]
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(data_dir), name, "100", str(gate)],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in names
    ]
    try:
        wait_for(lambda: all((tmp_path / f"ready-{name}").exists() for name in names)
                 or any(worker.poll() is not None for worker in workers), "the workers to start")
        gate.touch()  # all three start adding together
        results = [worker.communicate(timeout=120) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    assert [worker.returncode for worker in workers] == [0, 0, 0], results

    tasks = Store(data_dir, frozen_clock()).open().tasks()
    assert len(tasks) == 300
    assert sorted(task.id for task in tasks) == list(range(1, 301))
    assert sorted(task.title for task in tasks) == sorted(f"{name}-{n}" for name in names for n in range(100))
    # Each process kept its own order, and all three really interleaved.
    for name in names:
        mine = [int(task.title.split("-")[1]) for task in tasks if task.title.startswith(name)]
        assert mine == list(range(100))


@pytest.mark.slow
def test_three_cli_loops_adding_at_once_lose_nothing(run_cli) -> None:
    printed: dict[str, list[str]] = {}
    failures: list[str] = []

    def loop(name: str) -> None:
        for number in range(15):
            result = run_cli("add", "--raw", f"{name} {number}", env=CLI_ENV)
            if result.returncode != 0:
                failures.append(result.stderr)
            printed.setdefault(name, []).append(result.stdout.strip())

    threads = [threading.Thread(target=loop, args=(name,)) for name in ("w0", "w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    ids = [int(text) for texts in printed.values() for text in texts]
    assert sorted(ids) == list(range(1, 46))

    listed = json.loads(run_cli("list", "--all", "--json", env=CLI_ENV).stdout)
    assert sorted(task["id"] for task in listed) == list(range(1, 46))
    assert sorted(task["title"] for task in listed) == sorted(f"{w} {n}" for w in ("w0", "w1", "w2") for n in range(15))


def test_cli_add_while_a_store_is_open_is_not_overwritten(store: Store, run_cli) -> None:
    store.add_task(new_task("in the app", store.clock.now()))
    result = run_cli("add", "from the CLI", env=CLI_ENV)
    assert result.returncode == 0 and result.stdout.strip() == "2"
    assert store.changed_on_disk()

    store.add_task(new_task("in the app again", store.clock.now()))  # no reload first

    listed = json.loads(run_cli("list", "--all", "--json", env=CLI_ENV).stdout)
    assert [(task["id"], task["title"]) for task in listed] == [(1, "in the app"), (2, "from the CLI"), (3, "in the app again")]
    assert run_cli("undo", env=CLI_ENV).stdout.strip() == "undone: add 'in the app again'"


# -- 12. a full disk -----------------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["data file", "daily backup"])
def test_full_disk_leaves_the_old_file_intact(data_dir: Path, run_cli, where: str) -> None:
    populate(data_dir, 60, notes="padding " * 60)  # today's backup now exists
    old = (data_dir / "focus.json").read_bytes()
    if where == "data file":
        limit, env = len(old) + 64, CLI_ENV  # the old file fits, the new one cannot
    else:
        # Tomorrow the first change copies today's file to a new backup first: that copy cannot fit.
        limit, env = len(old) - 64, {"FOCUS_CLOCK": "2026-11-22T09:30:00+00:00"}
    before = snapshot(data_dir)

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # Python ignores SIGXFSZ: writes get EFBIG

    result = run_cli("add", "one too many", env=env, preexec_fn=limit_file_size)

    assert result.returncode == 1
    line = one_line_error(result)
    assert "File too large" in line and "intact" in line
    assert str(data_dir / "focus.json" if where == "data file" else data_dir / "backups") in line
    assert snapshot(data_dir) == before
    assert temp_files(data_dir) == []

    # Without the limit the same command works, so the limit was what stopped it.
    assert run_cli("add", "one too many", env=env).returncode == 0
    assert len((data_dir / "focus.json").read_bytes()) > len(old) + 64


# -- 13. a read-only data directory ----------------------------------------------------------------------
CLONE_NEWNS, CLONE_NEWUSER = 0x00020000, 0x10000000
MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 32, 4096, 16384, 1 << 18


def _libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


def _enter_unprivileged_user_namespace() -> None:
    """Root without capabilities over the host's files: permission bits apply again, as for a user."""
    _check(_libc().unshare(CLONE_NEWUSER), "unshare(CLONE_NEWUSER)")


def _read_only_bind_mount(directory: Path) -> Callable[[], None]:
    """In a private mount namespace, mount `directory` over itself read-only (EROFS)."""
    target = os.fsencode(directory)

    def enter() -> None:
        libc = _libc()
        if libc.unshare(CLONE_NEWNS) != 0:
            _check(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS), "unshare(CLONE_NEWUSER | CLONE_NEWNS)")
        _check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
        _check(libc.mount(target, target, None, MS_BIND, None), "mount --bind")
        _check(libc.mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY, None), "mount -o remount,ro")

    return enter


def _become_nobody() -> None:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def _denies_writes(data_dir: Path, preexec_fn: Callable[[], None] | None) -> str | None:
    """None when a process started this way can read the data but cannot create a file next to
    it; otherwise why not."""
    probe = (
        "import sys, pathlib; d = pathlib.Path(sys.argv[1]); (d / 'focus.json').read_bytes(); "
        "(d / 'probe').write_text('x')"
    )
    try:
        result = subprocess.run([sys.executable, "-c", probe, str(data_dir)], capture_output=True, text=True,
                                preexec_fn=preexec_fn, timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        return f"cannot start a process that way ({error})"
    last = (result.stderr.strip().splitlines() or [""])[-1]
    if result.returncode == 0:
        (data_dir / "probe").unlink(missing_ok=True)
        return "the process could still write there"
    if "probe" not in last or not ("Permission denied" in last or "Read-only file system" in last):
        return f"the process could not run or read the data ({last or result.returncode})"
    return None


@contextmanager
def read_only_home(how: str, data_dir: Path) -> Iterator[tuple[Path, Callable[[], None] | None]]:
    """A populated data dir that a `focus` process started with the returned preexec_fn cannot
    write to, honestly: the kernel refuses, not a mock. Root ignores permission bits, so as root
    the process gives up that power first (a user namespace, or uid 65534), or the directory is
    bind-mounted read-only. Skips, saying why, only when no such way works here."""
    tried: list[str] = []
    if how == "read-only mount":
        candidates = [("a read-only bind mount", data_dir, _read_only_bind_mount(data_dir))]
    elif os.geteuid() != 0:
        candidates = [("permission bits", data_dir, None)]
    else:
        # uid 65534 needs a directory it can reach: pytest's temp root is private to root.
        nobody_home = Path(tempfile.mkdtemp(prefix="focus-read-only-")) / "home"
        os.chmod(nobody_home.parent, 0o755)
        candidates = [
            ("a user namespace without privileges over the host's files", data_dir, _enter_unprivileged_user_namespace),
            ("uid 65534", nobody_home, _become_nobody),
        ]
    try:
        for label, home, preexec_fn in candidates:
            populate(home, 2)  # two adds: today's backup exists, so restore has something to offer
            if how == "permissions, no lock file":
                (home / "focus.json.lock").unlink()
            if how != "read-only mount":
                os.chmod(home, 0o555)
            why_not = _denies_writes(home, preexec_fn)
            if why_not is None:
                yield home, preexec_fn
                return
            os.chmod(home, 0o755)
            shutil.rmtree(home)
            tried.append(f"{label}: {why_not}")
        pytest.skip("no honest way to make the data directory read-only here; tried " + "; ".join(tried))
    finally:
        for _, home, _ in candidates:
            if home.exists():
                os.chmod(home, 0o755)
        if os.geteuid() == 0 and how != "read-only mount":
            shutil.rmtree(candidates[-1][1].parent, ignore_errors=True)


@pytest.mark.parametrize("how", ["permissions", "permissions, no lock file", "read-only mount"])
def test_read_only_data_dir(data_dir: Path, run_cli, how: str) -> None:
    with read_only_home(how, data_dir) as (home, preexec_fn):
        env = {**CLI_ENV, "FOCUS_HOME": str(home)}
        before = snapshot(home)

        listed = run_cli("list", "--all", env=env, preexec_fn=preexec_fn)
        assert listed.returncode == 0, listed.stderr
        assert "task 0" in listed.stdout and "task 1" in listed.stdout

        for args in (["add", "not allowed"], ["done", "1"], ["undo"], ["restore"]):
            result = run_cli(*args, env=env, preexec_fn=preexec_fn)
            assert result.returncode == 1, (args, result.stdout, result.stderr)
            line = one_line_error(result)
            assert f"the data directory {home} is read-only; nothing was changed" in line

        assert snapshot(home) == before
        os.chmod(home, 0o755)
        assert [task.title for task in Store(home, frozen_clock()).open().tasks()] == ["task 0", "task 1"]


# -- 7 (through the CLI). a damaged data file --------------------------------------------------------------
DAMAGED = {
    "truncated": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
    "whitespace": lambda good: b" \n\n\t",
    "binary junk": lambda good: random.Random(1).randbytes(64) + b"\x00\xff",
    "json list": lambda good: b"[]",
    "object without meta": lambda good: b'{"tasks": {}}',
}


@pytest.mark.parametrize("shape", DAMAGED)
def test_cli_refuses_a_damaged_file_in_one_line(data_dir: Path, run_cli, shape: str) -> None:
    populate(data_dir, 2)
    data_file, backup = data_dir / "focus.json", data_dir / "backups" / "focus-2026-11-21.json"
    data_file.write_bytes(DAMAGED[shape](data_file.read_bytes()))
    before = snapshot(data_dir)

    for args in (["list"], ["add", "more"]):
        result = run_cli(*args, env=CLI_ENV)
        assert result.returncode == 1 and result.stdout == ""
        line = one_line_error(result)
        assert str(data_file) in line and "backup" in line and str(backup) in line
    assert snapshot(data_dir) == before


def test_cli_refuses_a_future_schema_in_one_line(data_dir: Path, run_cli) -> None:
    populate(data_dir, 2)
    data_file = data_dir / "focus.json"
    data = json.loads(data_file.read_bytes())
    data["meta"]["1"]["schema"] = 99
    data_file.write_bytes(json.dumps(data).encode())
    before = snapshot(data_dir)
    result = run_cli("list", env=CLI_ENV)
    assert result.returncode == 1
    line = one_line_error(result)
    assert str(data_file) in line and "schema 99" in line and "upgrade" in line
    assert snapshot(data_dir) == before


def test_cli_restore_puts_the_backup_back_and_keeps_the_bad_file(data_dir: Path, run_cli) -> None:
    populate(data_dir, 2)
    data_file, backup = data_dir / "focus.json", data_dir / "backups" / "focus-2026-11-21.json"
    bad = b'{"meta": {"1": {"schema": 1}}, "tasks": {"1": {"title": "half'
    data_file.write_bytes(bad)

    listed = run_cli("restore", "--list", env=CLI_ENV)
    assert listed.returncode == 0 and str(backup) in listed.stdout
    restored = run_cli("restore", env=CLI_ENV)
    assert restored.returncode == 0, restored.stderr
    kept = list(data_dir.glob("focus.json.bad-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == bad
    assert str(kept[0]) in restored.stdout
    assert data_file.read_bytes() == backup.read_bytes()
    result = run_cli("list", "--all", "--json", env=CLI_ENV)
    assert result.returncode == 0 and [task["title"] for task in json.loads(result.stdout)] == ["task 0"]

    # A second restore in the same second keeps the first bad file as it was.
    assert run_cli("restore", env=CLI_ENV).returncode == 0
    assert bad in [path.read_bytes() for path in data_dir.glob("focus.json.bad-*")]
    assert len(list(data_dir.glob("focus.json.bad-*"))) == 2


# -- 9 (through the CLI). export, import into an empty data dir, export again -----------------------------
def test_cli_export_import_round_trip(data_dir: Path, tmp_path: Path, run_cli) -> None:
    clock = FixedClock(datetime.fromisoformat("2026-09-01T09:00:00+00:00"))
    store = Store(data_dir, clock).open()
    for title in ("Straße 🚀 日本語", "[bold]markup[/bold] [red]stays[/red] text", "finished long ago"):
        store.add_task(new_task(title, clock.now(), kind="email", minutes=15, notes="two\nlines"))
    store.complete_task(3)
    store.remove_task(2)
    store.undo()
    exported = tmp_path / "export.json"
    result = run_cli("export", "-o", str(exported), env=CLI_ENV)  # 2026-11-21: task 3 is archived on open
    assert result.returncode == 0, result.stderr
    assert (data_dir / "archive" / "tasks-2026-09.json").exists()
    first = exported.read_text(encoding="utf-8")
    assert [task["title"] for task in json.loads(first)["tables"]["tasks"]] == [
        "Straße 🚀 日本語", "[bold]markup[/bold] [red]stays[/red] text", "finished long ago"]

    elsewhere = {"FOCUS_HOME": str(tmp_path / "elsewhere"), "FOCUS_CLOCK": "2026-11-22T10:00:00+00:00"}
    imported = run_cli("import", str(exported), env=elsewhere)
    assert imported.returncode == 0, imported.stderr
    second = run_cli("export", env=elsewhere)
    assert second.returncode == 0

    def without_exported_at(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.lstrip().startswith('"exported_at"')]

    assert second.stdout != first
    assert without_exported_at(second.stdout) == without_exported_at(first)


def test_cli_bad_import_writes_nothing(data_dir: Path, tmp_path: Path, run_cli) -> None:
    populate(data_dir, 2)
    before = snapshot(data_dir)
    now = "2026-11-21T09:30:00+00:00"
    duplicate = {"format": "focus-tui-export", "format_version": 1, "tables": {"tasks": [
        {"id": 7, "title": "a", "created": now, "changed": now},
        {"id": 7, "title": "b", "created": now, "changed": now}]}}
    empty_title = {"format": "focus-tui-export", "format_version": 1, "tables": {"tasks": [
        {"id": 1, "title": "fine", "created": now, "changed": now},
        {"id": 2, "title": "  ", "created": now, "changed": now}]}}
    files = {
        "duplicate.json": json.dumps(duplicate),
        "empty-title.json": json.dumps(empty_title),
        "wrong-format.json": json.dumps({"format": "something-else", "tables": {}}),
        "not-json.json": "{this is not json",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text)
        result = run_cli("import", str(path), env=CLI_ENV)
        assert result.returncode == 1, name
        assert "nothing was imported" in one_line_error(result)
    assert snapshot(data_dir) == before
