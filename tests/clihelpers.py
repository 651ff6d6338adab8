"""Checking CLI runs: success with a quiet stderr, failure in exactly one line, and which modules a verb loaded."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = (
    "import sys, json\n"
    "from focus_tui.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(json.dumps({'code': code, 'textual': 'textual' in sys.modules,"
    " 'storage': 'focus_tui.storage.store' in sys.modules}), file=sys.stderr)\n"
)


def probe_verb(args: list[str], env: dict[str, str]) -> dict:
    """{"code": exit code, "textual": was Textual imported, "storage": was the store loaded}."""
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=60)
    report = json.loads(result.stderr.strip().splitlines()[-1])
    report["stderr"] = result.stderr
    return report


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr}"
    assert result.stderr == ""
    return result.stdout


def failed(result: subprocess.CompletedProcess, code: int) -> str:
    """The run failed with `code` and said why in exactly one line on stderr, with nothing on stdout."""
    assert result.returncode == code, f"exit {result.returncode}, wanted {code}: {result.stdout!r} {result.stderr!r}"
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and result.stderr.endswith("\n"), f"not one line: {result.stderr!r}"
    assert lines[0].startswith("focus: error: ")
    assert result.stdout == ""
    return lines[0]
