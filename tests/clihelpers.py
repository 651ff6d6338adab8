"""Running one CLI verb in a fresh interpreter and reporting what it loaded."""

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
