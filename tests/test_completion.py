"""`focus completion bash|zsh|fish`: scripts generated from the real parser, run by real shells.

bash is always there and runs the completion function for real (COMP_WORDS/COMP_CWORD set, as
readline would). zsh and fish are used when installed: a syntax check, and a completion run
(zsh: `_focus` with the completion-system builtins stubbed; fish: `complete -C`, its own engine).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from focus_tui.cli import _build_parser
from focus_tui.cli_shell import SHELLS, script

from tests.clihelpers import failed, ok, probe_verb

KNOWN_VERBS = {"add", "list", "done", "edit", "rm", "key", "progress", "status", "undo", "export", "import",
               "paths", "block", "unblock", "blockers", "queue", "batch", "restore", "review", "okr", "routine",
               "completion"}


def top_level_verbs() -> set[str]:
    parser = _build_parser()
    [verbs] = [action for action in parser._actions if action.dest == "verb"]
    return set(verbs.choices)


@pytest.fixture(scope="module")
def scripts(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("completion")
    paths = {}
    for shell in SHELLS:
        paths[shell] = folder / f"focus.{shell}"
        paths[shell].write_text(script(shell, _build_parser()), encoding="utf-8")
    return paths


def needs(shell: str) -> str:
    found = shutil.which(shell)
    if found is None:
        pytest.skip(f"{shell} is not installed here, so its script cannot be checked")
    return found


# -- every shell -----------------------------------------------------------------------------------
def verbs_in_script(shell: str, text: str, path: str = "") -> set[str]:
    """The verbs a script offers after `focus PATH`, read from its table."""
    if shell == "fish":
        return set(re.findall(rf"""-n "__focus_at '{path}'" -a '([^']+)'""", text))
    arm = re.search(rf"^        '{path}'\) (.*) ;;$", text, re.MULTILINE)  # the first table: sub-verbs
    assert arm is not None
    if shell == "bash":
        return set(re.fullmatch(r"echo '([^']*)'", arm.group(1)).group(1).split())
    return set(re.findall(r"'([^':]+):", arm.group(1)))


@pytest.mark.parametrize("shell", SHELLS)
def test_the_script_offers_every_verb_of_the_parser(scripts, shell: str) -> None:
    """Generated from the parser, so a new verb cannot be forgotten; KNOWN_VERBS checks the walk."""
    verbs = top_level_verbs()
    assert KNOWN_VERBS <= verbs
    text = scripts[shell].read_text(encoding="utf-8")
    assert verbs_in_script(shell, text) == verbs
    assert verbs_in_script(shell, text, "batch") == {"start", "status", "stop"}
    assert {"list", "add", "kr", "update", "score", "confidence", "edit", "rm", "rm-kr"} <= verbs_in_script(shell, text, "okr")
    assert {"add", "list", "log", "pause", "resume", "rm", "starters"} <= verbs_in_script(shell, text, "routine")


def test_the_verb_prints_the_script_and_loads_no_textual(run_cli, isolated_env, scripts) -> None:
    assert ok(run_cli("completion", "bash")) == scripts["bash"].read_text(encoding="utf-8")
    report = probe_verb(["completion", "fish"], {**os.environ, **isolated_env})
    assert report["code"] == 0 and report["textual"] is False


def test_an_unknown_shell_is_a_usage_error(run_cli) -> None:
    assert "invalid choice: 'tcsh'" in failed(run_cli("completion", "tcsh"), 2)


# -- bash ------------------------------------------------------------------------------------------
def bash_complete(script_path: Path, *words: str) -> list[str]:
    """Candidates for the last word, as bash's programmable completion computes them."""
    program = (
        f"source {script_path}\n"
        f"COMP_WORDS=({' '.join(_bash_quote(word) for word in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        "_focus\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return [line for line in result.stdout.splitlines() if line]


def _bash_quote(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"


def test_bash_script_parses(scripts) -> None:
    result = subprocess.run(["bash", "-n", str(scripts["bash"])], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("words, expected", [
    (("focus", "ba"), ["batch"]),
    (("focus", "batch", ""), ["start", "status", "stop"]),
    (("focus", "review", "--format", ""), ["md", "json", "text"]),
    (("focus", "review", "-f", "j"), ["json"]),
    (("focus", "review", "--format", "=", ""), ["md", "json", "text"]),  # --format=<TAB>: bash splits at =
    (("focus", "review", "--format", "="), ["md", "json", "text"]),
    (("focus", "key", ""), ["day", "week", "quarter"]),
    (("focus", "progress", "w"), ["week"]),
    (("focus", "key", "day", ""), []),  # free text
    (("focus", "block", "12", "--cause", ""), ["task", "people", "budget", "resource"]),
    (("focus", "okr", "kr", "1", "--feed", "q"), ["quarter"]),
    (("focus", "completion", ""), ["bash", "zsh", "fish"]),
    (("focus", "done", ""), []),  # task ids: nothing fancy
    (("focus", "--data-dir", "/tmp", "sta"), ["status"]),  # an option's value is not taken for a verb
    (("focus", "add", "--kind", "batch", "x"), []),
])
def test_bash_completes_verbs_sub_verbs_and_values(scripts, words: tuple[str, ...], expected: list[str]) -> None:
    assert bash_complete(scripts["bash"], *words) == expected


def test_bash_completes_each_commands_own_options(scripts) -> None:
    assert bash_complete(scripts["bash"], "focus", "batch", "status", "--") == ["--help", "--json"]
    status = bash_complete(scripts["bash"], "focus", "status", "--")
    assert {"--json", "--format", "--width"} <= set(status)
    assert "--cause" in bash_complete(scripts["bash"], "focus", "block", "3", "--c")


def test_bash_completes_file_names_where_a_file_goes(scripts, tmp_path: Path) -> None:
    (tmp_path / "backup-one.json").write_text("{}")
    assert bash_complete(scripts["bash"], "focus", "import", str(tmp_path / "back")) == [str(tmp_path / "backup-one.json")]
    assert bash_complete(scripts["bash"], "focus", "--data-dir", str(tmp_path / "back")) == []  # directories only


# -- zsh -------------------------------------------------------------------------------------------
ZSH_STUBS = r"""
compdef() { : }
compset() { : }
_describe() { local name=${@[-1]}; print -rl -- ${(@)${(P@)name}%%:*} }
compadd() { [[ $1 == -a ]] && print -rl -- ${(P@)2} }
_files() { print -r -- "<files $*>" }
"""


def zsh_complete(zsh: str, script_path: Path, *words: str) -> list[str]:
    """What `_focus` offers, with the completion system's builtins replaced by printing stubs
    (zsh itself then filters by prefix, so these are the offers before filtering)."""
    quoted = " ".join(_bash_quote(word) for word in words)
    program = f"{ZSH_STUBS}\nsource {script_path}\nwords=({quoted}); CURRENT={len(words)}\n_focus\n"
    result = subprocess.run([zsh, "-f", "-c", program], capture_output=True, text=True, timeout=30)
    assert result.returncode in (0, 1) and result.stderr == "", result.stderr
    return result.stdout.split()


def test_zsh_script_parses(scripts) -> None:
    zsh = needs("zsh")
    result = subprocess.run([zsh, "-n", str(scripts["zsh"])], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("words, expected", [
    (("focus", "batch", ""), ["start", "status", "stop"]),
    (("focus", "review", "--format", ""), ["md", "json", "text"]),
    (("focus", "review", "--format=m"), ["md", "json", "text"]),
    (("focus", "key", ""), ["day", "week", "quarter"]),
    (("focus", "completion", ""), ["bash", "zsh", "fish"]),
    (("focus", "batch", "status", "-"), ["-h", "--help", "--json"]),
    (("focus", "import", ""), ["<files", ">"]),
    (("focus", "done", ""), []),
])
def test_zsh_offers(scripts, words: tuple[str, ...], expected: list[str]) -> None:
    assert zsh_complete(needs("zsh"), scripts["zsh"], *words) == expected


def test_zsh_offers_every_verb_at_the_start(scripts) -> None:
    assert set(zsh_complete(needs("zsh"), scripts["zsh"], "focus", "")) == top_level_verbs()


# -- fish ------------------------------------------------------------------------------------------
def fish_complete(fish: str, script_path: Path, line: str) -> list[str]:
    """fish's own completion engine on `line` (`complete -C`), candidates without descriptions."""
    program = f"source {script_path}; complete -C{_bash_quote(line)}"
    result = subprocess.run([fish, "--no-config", "-c", program], capture_output=True, text=True, timeout=30,
                            env={**os.environ, "HOME": str(script_path.parent)})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return [row.split("\t")[0] for row in result.stdout.splitlines()]


def test_fish_script_parses(scripts) -> None:
    fish = needs("fish")
    result = subprocess.run([fish, "--no-config", "-n", str(scripts["fish"])], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("line, expected", [
    ("focus ba", ["batch"]),
    ("focus batch ", ["start", "status", "stop"]),
    ("focus review --format ", ["json", "md", "text"]),
    ("focus review --format=", ["--format=json", "--format=md", "--format=text"]),
    ("focus key ", ["day", "quarter", "week"]),
    ("focus key day ", []),
    ("focus block 3 --cause ", ["budget", "people", "resource", "task"]),
    ("focus completion ", ["bash", "fish", "zsh"]),
    ("focus batch status --", ["--help", "--json"]),
    ("focus done ", []),
])
def test_fish_completes(scripts, line: str, expected: list[str]) -> None:
    assert sorted(fish_complete(needs("fish"), scripts["fish"], line)) == sorted(expected)


def test_fish_offers_every_verb_at_the_start(scripts) -> None:
    assert set(fish_complete(needs("fish"), scripts["fish"], "focus ")) == top_level_verbs()


def test_generation_needs_no_data(isolated_env) -> None:
    """The verb runs before any data directory exists (NEEDS_STORE = False)."""
    env = {**os.environ, **isolated_env}
    result = subprocess.run([sys.executable, "-m", "focus_tui", "completion", "zsh"], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("#compdef focus")
    assert not Path(isolated_env["FOCUS_HOME"]).exists()
