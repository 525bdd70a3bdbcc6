"""Pilot tests of what a new user meets first: the palette, its keys list, the settings, and
``coreg run`` giving the shell back at the end."""

from __future__ import annotations

from textual.widgets import Input, Select, Switch

from coreg.tui.screens.history import HistoryScreen
from coreg.tui.screens.home import HomeScreen
from coreg.tui.screens.keys import KeysModal
from coreg.tui.screens.pause import PauseScreen
from coreg.tui.screens.settings import UNSAVED, SettingsScreen
from tests.app_helpers import make_app


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def keys_text(screen) -> str:
    """The keys list as it reads: one line a key, its keys then what it does."""
    return "\n".join(
        " ".join(str(part.render()) for part in row.children) for row in screen.query(".keys-row")
    )


async def palette(pilot, words: str) -> None:
    """ctrl+p, type ``words``, and take the first command found."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*words)
    await pilot.pause(0.3)  # the palette searches in a worker; Enter takes what it found
    await pilot.press("enter")
    await pilot.pause()


async def test_the_palette_offers_coreg_and_the_theme_picker_but_not_textuals_tools(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"History", "Settings", "About coreg", "Pause a fight", "Theme", "Keys"} <= set(
            titles
        )
        assert not {"Maximize", "Minimize", "Screenshot"} & set(titles)
        not_coreg = [t for t in titles if t not in {"Theme", "Keys", "Quit"}]
        for title in not_coreg:
            assert title.startswith("Start: ") or title in {
                "History",
                "Settings",
                "About coreg",
                "Pause a fight",
                "Find your shared pace",
            }


async def test_palette_commands_open_their_screens(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await palette(pilot, "History")
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await palette(pilot, "Settings")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        await palette(pilot, "Pause a fight")
        assert isinstance(app.screen, PauseScreen)


async def test_the_keys_list_names_the_screens_own_keys_in_words_and_esc_closes_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await palette(pilot, "Keys")
        assert isinstance(app.screen, KeysModal)
        shown = keys_text(app.screen)
        assert "What you have done" in shown  # h, in words
        assert (
            "Pick a tag to show only its exercises" in shown
        )  # t, though the footer leaves it out
        assert "scroll" not in shown.casefold() and "copy" not in shown.casefold()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_pause_keys_list_shows_each_pattern_by_its_own_key(tmp_path):
    app = make_app(tmp_path, start="pause")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.show_keys(app.screen)
        await pilot.pause()
        lines = keys_text(app.screen).splitlines()
        assert any(line.split()[:3] == ["4", "Resonance", "breathing"] for line in lines)
        assert any(line.split()[:2] == ["5", "Six"] for line in lines)
        assert not any("1–6" in line for line in lines)  # the footer's shorthand, not a key
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)


async def test_settings_put_typing_somewhere_at_once_and_say_each_change_was_saved(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert app.focused is screen.query_one("#set-name-a", Input)
        assert text_of(screen, "#settings-saved") == UNSAVED
        await pilot.press("i", "e")  # added to the name, never replacing it
        assert app.settings.name_a == "Alexie"
        assert text_of(screen, "#settings-saved") == "✓ Saved: your names."
        assert '"name_a": "Alexie"' in (tmp_path / "settings.json").read_text()

        screen.query_one("#set-still", Switch).value = True
        await pilot.pause()
        assert text_of(screen, "#settings-saved") == "✓ Saved: still pacer."

        pulse = screen.query_one("#set-pulse", Input)
        pulse.focus()
        await pilot.pause()
        await pilot.press("6")
        assert text_of(screen, "#settings-saved") == "Resting pulse: a number from 30 to 150."
        await pilot.press("4")
        assert app.settings.resting_pulse == 64
        assert text_of(screen, "#settings-saved") == "✓ Saved: resting pulse."

        screen.query_one("#set-hug", Select).value = 20.0
        await pilot.pause()
        assert text_of(screen, "#settings-saved") == "✓ Saved: hug length."


async def test_settings_say_when_a_change_could_not_be_saved(tmp_path):
    app = make_app(tmp_path)
    app.settings_path = tmp_path / "missing" / "deeper" / "settings.json"
    (tmp_path / "missing").write_text("a file where a folder should be")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("x")
        assert text_of(app.screen, "#settings-saved") == "Not saved: your names."


async def test_settings_focus_is_visible_and_the_keymap_hint_fits_80_columns(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        name_a, name_b = screen.query_one("#set-name-a"), screen.query_one("#set-name-b")
        assert name_a.styles.border_top != name_b.styles.border_top  # the focused one differs
        hint = screen.query_one("#settings-keymap")
        assert hint.region.right <= 80 and hint.region.height > 1  # wrapped, not cut


async def test_t_opens_a_short_list_of_tags_and_esc_changes_nothing(tmp_path):
    from textual.widgets import OptionList

    from coreg.tui.screens.modals import TagModal

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagModal)
        tags = app.screen.query_one(OptionList)
        assert tags.option_count == len(app.library.tags) + 1  # and "every tag"
        await pilot.press("down", "enter")  # the first tag
        await pilot.pause()
        first = app.library.tags[0]
        assert app.screen is home and home.tag == first
        assert all(first in e.tags for e in home.visible_exercises())
        assert f"tag: {first}" in text_of(home, "#home-filter")
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert home.tag == first
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("up", "enter")  # every tag
        await pilot.pause()
        assert home.tag is None
        assert len(home.visible_exercises()) == len(app.library.exercises)


async def test_home_says_for_the_two_of_you_in_one_wording(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert text_of(app.screen, "#home-filter").startswith("Showing for the two of you")
        assert "us" not in text_of(app.screen, "#home-filter").split()


async def test_coreg_run_gives_the_shell_back_when_the_exercise_is_over(tmp_path):
    from coreg.log import SessionLog
    from coreg.tui.screens.after import AfterScreen
    from coreg.tui.screens.run import RunScreen
    from tests.app_helpers import FakeClock

    clock = FakeClock()
    app = make_app(tmp_path, clock=clock, start="run", exercise_id="heartbeat", first="Alex")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("5", "enter")  # Alex is at 5; the rest is skipped
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        await pilot.press("e", "y")  # end early
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("enter", "enter")  # skip the questions, then no note
        await pilot.pause()
        await pilot.pause()
        assert not app.is_running  # not the home screen: the shell
    assert app.return_code in (0, None)
    with SessionLog(tmp_path / "log.json") as log:
        [session] = log.recent()
    assert session.exercise_id == "heartbeat"


async def test_coreg_run_gives_the_shell_back_when_they_go_back_from_a_question(tmp_path):
    from coreg.tui.screens.checkin import CheckInScreen

    app = make_app(tmp_path, start="run", exercise_id="heartbeat", first="Alex")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert not app.is_running


async def test_the_app_opened_plainly_comes_home_after_an_exercise(tmp_path):
    from coreg.tui.screens.checkin import CheckInScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.start_exercise("heartbeat", "Alex")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, HomeScreen)


async def test_coreg_run_time_out_then_the_ritual_goes_on_to_the_ritual(tmp_path):
    """The Time-Out's break offers the Repair Ritual: that is a new exercise, not the end."""
    from coreg.tui.screens.pause_modals import EndModal
    from coreg.tui.screens.run import RunScreen

    app = make_app(tmp_path, start="run", exercise_id="time-out", first="Alex")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if not isinstance(app.screen, PauseScreen):  # the break's length, asked once
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EndModal)
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        assert app.is_running
        for _ in range(5):  # the ritual's own questions, then its first step
            if isinstance(app.screen, RunScreen):
                break
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert app.screen.exercise.id == "repair-ritual"


async def test_the_tap_keys_are_changed_in_settings_and_a_reserved_key_is_refused(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        first = screen.query_one("#set-tap-0", Input)
        assert first.value == "a" and screen.query_one("#set-tap-1", Input).value == "l"
        first.focus()
        await pilot.press("backspace", "n")  # n is the exercise's Next
        assert app.settings.tap_keys == ["a", "l"]
        assert "not n, b, e, q or space" in text_of(screen, "#settings-saved")
        await pilot.press("backspace", "l")  # the other partner's key
        assert app.settings.tap_keys == ["a", "l"]
        await pilot.press("backspace", "z")
        assert app.settings.tap_keys == ["z", "l"]
        assert text_of(screen, "#settings-saved") == "✓ Saved: tap keys."
        assert '"z"' in (tmp_path / "settings.json").read_text()
