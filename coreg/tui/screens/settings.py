"""Settings: your names, the cues, the theme, motion, the hug, the resting pulse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static, Switch

from coreg.paths import settings_path
from coreg.safetext import visible
from coreg.settings import CUE_STYLES, tap_keys_ok
from coreg.tui.screens.about import tidy_path
from coreg.tui.widgets.footer import KeysFooter
from coreg.tui.widgets.text import Plain

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp

#: a name field keeps its text when focused: a first stray key adds to a name, never replaces it
NAME_INPUT: dict = {"max_length": 24, "select_on_focus": False}
UNSAVED = "Tab moves from one setting to the next. Every change is saved as you make it."
SWITCHES = {
    "mute_halfway": "the halfway sound",
    "mute_last": "the 'seconds left' sound",
    "speak_parts": "reading each part",
    "reduced_motion": "still pacer",
}
CUE_LABELS = {
    "bell": "Bell: the terminal rings (works everywhere)",
    "tone": "Tones: soft sounds, rising in, falling out",
    "voice": "Voice: spoken words",
    "off": "Off: silent",
}


class SettingsScreen(Screen):
    CSS_PATH = "pages.tcss"  # this screen's own rules (the shared ones are in app.tcss)

    if TYPE_CHECKING:
        app = getters.app(CoregApp)

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="settings-back", tooltip="Home"),
    ]

    def compose(self) -> ComposeResult:
        from coreg.tui.widgets.straps import straps_part

        s = self.app.settings
        with VerticalScroll(id="settings"):
            yield Label("Settings", classes="screen-title")
            yield Static(UNSAVED, id="settings-saved", markup=False)
            yield Label("Your names")
            with Horizontal(classes="row"):
                yield Input(s.name_a, placeholder="One of you", id="set-name-a", **NAME_INPUT)
                yield Input(s.name_b, placeholder="The other", id="set-name-b", **NAME_INPUT)
            yield Label("Cues")
            yield Select(
                [(CUE_LABELS[style], style) for style in CUE_STYLES],
                value=s.cues,
                allow_blank=False,
                id="set-cues",
            )
            with Horizontal(classes="row"):
                yield Switch(s.mute_halfway, id="set-mute-halfway")
                yield Label("Quiet the halfway sound")
            with Horizontal(classes="row"):
                yield Switch(s.mute_last, id="set-mute-last")
                yield Label("Quiet the 'seconds left' sound")
            with Horizontal(classes="row"):
                yield Switch(s.speak_parts, id="set-speak-parts")
                yield Label("With the voice, read each partner's part after their name")
            with Horizontal(classes="row"):
                yield Switch(s.reduced_motion, id="set-still")
                yield Label("Still pacer (a bar and words instead of motion)")
            yield Label("Theme")
            yield Select(
                [(name, name) for name in sorted(self.app.available_themes)],
                value=self.app.theme,
                allow_blank=False,
                id="set-theme",
            )
            yield Label("Hug length")
            yield Select(
                [("20 seconds", 20.0), ("30 seconds", 30.0)],
                value=s.hug_seconds if s.hug_seconds in (20.0, 30.0) else 30.0,
                allow_blank=False,
                id="set-hug",
            )
            yield Label("Resting pulse, beats a minute (for the pause's flooding check)")
            yield Input(
                str(s.resting_pulse or ""),
                placeholder="e.g. 64",
                type="integer",
                id="set-pulse",
                max_length=3,
            )
            yield Label("Tap keys for breathing in step (one key each, at your side)")
            with Horizontal(classes="row"):
                for n, key in enumerate(s.tap_keys):
                    yield Plain(s.names[n], classes="tap-name")
                    yield Input(key, id=f"set-tap-{n}", max_length=1, classes="tap-key")
            yield straps_part(s, self.app.save_settings)
            where = visible(tidy_path(self.app.settings_path or settings_path()))

            yield Static(
                f"Keys can be changed in {where}"
                ', under "keymap" (for example "next": "n,right"). ctrl+p, then "Keys", lists '
                "the keys of a screen.",
                id="settings-keymap",
                classes="hint",
                markup=False,
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#set-name-a", Input).focus()  # typing goes somewhere from the start

    def _saved(self, what: str) -> None:
        """Save now, and say so (or that it failed) at the top of the screen."""
        ok = self.app.save_settings()
        self._say(f"✓ Saved: {what}." if ok else f"Not saved: {what}.", saved=ok)

    def _say(self, notice: str, saved: bool = False) -> None:
        line = self.query_one("#settings-saved", Static)
        line.update(notice)
        line.set_class(saved, "-saved")

    @on(Input.Changed)
    def _input(self, event: Input.Changed) -> None:
        s = self.app.settings
        value = event.value.strip()
        if event.input.id == "set-pulse":
            pulse = int(value) if value.isdigit() and 30 <= int(value) <= 150 else None
            if value and pulse is None:
                self._say("Resting pulse: a number from 30 to 150.")
            if pulse == s.resting_pulse:
                return
            s.resting_pulse = pulse
            self._saved("resting pulse" if pulse else "no resting pulse")
            return
        if (event.input.id or "").startswith("set-tap-"):
            self._tap_key()
            return
        field = "name_a" if event.input.id == "set-name-a" else "name_b"
        if not value:
            self._say("A name can't be empty: the one before is kept.")
        elif value != getattr(s, field):
            setattr(s, field, value)
            self._saved("your names")

    def _tap_key(self) -> None:
        s = self.app.settings
        keys = [self.query_one(f"#set-tap-{n}", Input).value for n in (0, 1)]
        if keys == s.tap_keys:
            return
        if not tap_keys_ok(keys):
            self._say("Tap keys: two different letters or signs, not n, b, e, q or space.")
            return
        s.tap_keys = keys
        self._saved("tap keys")

    @on(Switch.Changed)
    def _switch(self, event: Switch.Changed) -> None:
        s = self.app.settings
        field = {
            "set-mute-halfway": "mute_halfway",
            "set-mute-last": "mute_last",
            "set-still": "reduced_motion",
            "set-speak-parts": "speak_parts",
        }[event.switch.id or ""]
        setattr(s, field, event.value)
        if field.startswith("mute"):
            self.app.change_cues(s.cues)
        self._saved(SWITCHES[field])

    @on(Select.Changed)
    def _select(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        if event.select.id == "set-cues" and event.value != self.app.settings.cues:
            self.app.change_cues(str(event.value))
            self._saved("cues")
        elif event.select.id == "set-theme" and event.value != self.app.theme:
            self.app.theme = str(event.value)
            self._saved("theme")
        elif event.select.id == "set-hug" and event.value != self.app.settings.hug_seconds:
            self.app.settings.hug_seconds = float(str(event.value))
            self._saved("hug length")
