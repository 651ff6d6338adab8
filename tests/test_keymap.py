"""Rebinding keys by binding id from the config's [keymap]: stable ids, conflicts reported once and
skipped, and the live keys in the footer and the help screen (Pilot)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import Screen

from focus_tui.dialogs.text_prompt import TextPromptDialog
from focus_tui.domain.tasks import new_task
from focus_tui.keymap import TEXT_ENTRY, WIDGET_HOSTS, binding_classes, catalog, known_ids, normalize_key, resolve
from focus_tui.screens.help import HelpScreen
from focus_tui.screens.queue import QueueScreen
from focus_tui.storage import Store
from focus_tui.widgets.key_bar import KeyBar
from tests.apphelpers import make_app, run_app

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def chains():
    return catalog()


# -- ids ----------------------------------------------------------------------------------------------


def test_binding_ids_are_stable(chains):
    """A user's [keymap] names ids: none may disappear or be renamed."""
    listed = {line for line in (DATA / "config-binding-ids.txt").read_text().splitlines()
              if line and not line.startswith("#")}
    assert listed - known_ids(chains) == set()


def test_every_widget_with_keys_has_a_host_screen_and_every_named_class_exists():
    classes = binding_classes()
    names = {cls.__name__ for cls in classes}
    widgets = {cls.__name__ for cls in classes if not issubclass(cls, Screen)}
    assert widgets == set(WIDGET_HOSTS)
    assert {host for hosts in WIDGET_HOSTS.values() for host in hosts} <= names
    assert set(TEXT_ENTRY) <= names


@pytest.mark.parametrize("written, expected", [
    ("n", "n"), ("N", "N"), ("?", "question_mark"), ("+", "plus"), ("ctrl+n", "ctrl+n"), ("Ctrl+N", "ctrl+N"),
    ("f2", "f2"), ("F2", "f2"), ("space", "space"), ("escape", "escape"), ("question_mark", "question_mark"),
    ("ctrl+foo", None), ("hyperdrive", None), ("ctrl+ctrl+a", None), ("", None), ("\x07", None),
])
def test_key_names(written, expected):
    assert normalize_key(written) == expected


# -- checking a keymap -----------------------------------------------------------------------------------


def test_a_free_key_is_accepted_and_keys_are_normalized(chains):
    assert resolve([("board.add_task", "i"), ("app.help", "f1, ?")], chains) == (
        {"board.add_task": "i", "app.help": "f1,question_mark"}, [])


def test_an_unknown_id_gets_the_closest_one(chains):
    keymap, problems = resolve([("board.add_tsk", "i")], chains)
    assert keymap == {}
    assert problems == [("board.add_tsk", 'no binding has this id (did you mean "board.add_task"?); ignored')]


def test_a_key_in_use_on_the_same_screen_is_refused(chains):
    keymap, problems = resolve([("board.add_task", "x")], chains)
    assert keymap == {}
    assert problems == [("board.add_task", "x is already used by board.complete_task (Done) on the board screen; "
                                           "it keeps its default key 'a'")]


@pytest.mark.parametrize("binding_id, key, holder", [
    ("board.add_task", "n", "card.new_key"),     # a focused card would take it
    ("board.add_task", "q", "app.quit"),         # the app's keys are live on every screen
    ("board.add_task", "tab", "focus next"),     # Textual's own keys count too
    ("board.add_task", "down", "cursor down"),   # ... including the list's
    ("confirm.yes", "ctrl+p", "command palette"),  # the palette works even in a dialog
])
def test_keys_taken_anywhere_in_the_chain_are_refused(chains, binding_id, key, holder):
    keymap, [(refused, message)] = resolve([(binding_id, key)], chains)
    assert keymap == {} and refused == binding_id and holder in message


def test_the_apps_keys_do_not_reach_into_a_modal_dialog(chains):
    assert resolve([("confirm.yes", "q")], chains) == ({"confirm.yes": "q"}, [])


def test_two_rebinds_to_one_key_keep_the_first(chains):
    keymap, problems = resolve([("board.filter_tasks", "f"), ("board.open_okrs", "f")], chains)
    assert keymap == {"board.filter_tasks": "f"}
    assert problems == [("board.open_okrs", "f is also given to board.filter_tasks above, on the board screen; "
                                            "it keeps its default key 'O'")]


def test_swapping_two_keys_works_in_either_order(chains):
    for entries in ([("board.add_task", "x"), ("board.complete_task", "a,space")],
                    [("board.complete_task", "a,space"), ("board.add_task", "x")]):
        keymap, problems = resolve(entries, chains)
        assert problems == [] and keymap == dict(entries)


def test_refusing_one_rebind_can_refuse_the_one_that_relied_on_it(chains):
    """complete_task's new key is bad, so it keeps x, and x is no longer free for add_task."""
    keymap, problems = resolve([("board.add_task", "x"), ("board.complete_task", "ctrl+foo")], chains)
    assert keymap == {}
    assert [binding_id for binding_id, _ in problems] == ["board.add_task", "board.complete_task"]


def test_a_printable_key_is_refused_where_a_text_field_has_focus(chains):
    keymap, [(_, message)] = resolve([("prompt.cancel", "c")], chains)
    assert keymap == {} and "typed into the text field" in message
    assert resolve([("prompt.cancel", "ctrl+g")], chains) == ({"prompt.cancel": "ctrl+g"}, [])


# -- in the app -------------------------------------------------------------------------------------------


def write_config(isolated_env, text: str) -> None:
    path = Path(isolated_env["FOCUS_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def footer_keys(app) -> dict[str, str]:
    return app.screen.query_one(KeyBar).shown_keys


def test_a_rebound_key_works_and_the_footer_and_help_show_it(data_dir, clock, isolated_env):
    write_config(isolated_env, '[keymap]\n"board.add_task" = "i"\n"board.open_queue" = "x"\n')
    Store(data_dir, clock).open().add_task(new_task("Write the plan", clock.now(), day=clock.now().date()))
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        seen = {"footer": footer_keys(app)}
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        seen["help"] = {description: keys for keys, description, _ in app.screen.rows}
        seen["ids"] = dict(zip([description for _, description, _ in app.screen.rows], app.screen.ids))
        await pilot.press("escape", "a")  # the old key no longer adds
        await pilot.pause()
        seen["after a"] = type(app.screen)
        await pilot.press("i")
        await pilot.pause()
        seen["after i"] = type(app.screen)
        await pilot.press("escape", "Q")  # the refused rebind left Q as it was
        await pilot.pause()
        seen["after Q"] = type(app.screen)
        seen["settings"] = [note.message for note in app._notifications if note.title == "Settings"]
        return seen

    seen = run_app(app, scenario)
    assert seen["footer"]["Add"] == "i" and seen["footer"]["Queue"] == "Q"
    assert seen["help"]["Add"] == "i" and seen["help"]["Queue"] == "Q"
    assert seen["ids"]["Add"] == "board.add_task"
    assert seen["after a"].__name__ == "BoardScreen"
    assert seen["after i"] is TextPromptDialog
    assert seen["after Q"] is QueueScreen
    [notice] = seen["settings"]
    assert notice.startswith("1 problem in ")
    assert "line 3: keymap board.open_queue: x is already used by board.complete_task (Done)" in notice
    assert app._keymap == {"board.add_task": "i"}


def test_swapped_keys_through_the_config(data_dir, clock, isolated_env):
    write_config(isolated_env, '[keymap]\n"board.add_task" = "x"\n"board.complete_task" = ["a", "space"]\n')
    store = Store(data_dir, clock).open()
    store.add_task(new_task("Write the plan", clock.now(), day=clock.now().date()))
    app = make_app(data_dir, clock)

    async def scenario(pilot):
        await pilot.press("x")
        await pilot.pause()
        opened = type(app.screen)
        await pilot.press("escape", "a")
        await pilot.pause()
        return opened, [note for note in app._notifications if note.title == "Settings"]

    opened, settings = run_app(app, scenario)
    assert opened is TextPromptDialog and settings == []
    assert Store(data_dir, clock).open().tasks()[0].finished is not None


def test_the_review_hint_uses_the_live_key(data_dir, clock, isolated_env):
    write_config(isolated_env, '[review]\ntime = "09:00"\n[keymap]\n"board.open_review" = "v"\n')
    app = make_app(data_dir, clock, poll_seconds=0.05)

    async def scenario(pilot):
        await pilot.pause(0.3)
        return (app.screen.query_one("FocusHeader").review_text,
                [note.message for note in app._notifications if note.title == "End of day"])

    header, offers = run_app(app, scenario)
    assert header == "◇ review: v"
    assert len(offers) == 1 and "v on the board opens it" in offers[0]
