"""Settings: your names, the cues, the theme, motion, the hug, the resting pulse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Select, Switch

from coreg.settings import CUE_STYLES

if TYPE_CHECKING:
    from coreg.tui.app import CoregApp

CUE_LABELS = {
    "bell": "Bell: the terminal rings (works everywhere)",
    "tone": "Tones: soft sounds, rising in, falling out",
    "voice": "Voice: spoken words",
    "off": "Off: silent",
}


class SettingsScreen(Screen):
    if TYPE_CHECKING:
        app = getters.app(CoregApp)

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="settings-back", tooltip="Home"),
    ]

    def compose(self) -> ComposeResult:
        from coreg.tui.widgets.heart import straps_hint
        from coreg.tui.widgets.text import plain

        s = self.app.settings
        with VerticalScroll(id="settings"):
            yield Label("Settings", classes="screen-title")
            yield Label("Your names")
            with Horizontal(classes="row"):
                yield Input(s.name_a, placeholder="One of you", id="set-name-a", max_length=24)
                yield Input(s.name_b, placeholder="The other", id="set-name-b", max_length=24)
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
            yield Label(plain(straps_hint(s)), classes="hint")
            yield Label(
                'Keys can be changed in settings.json, under "keymap" '
                '(for example "next": "n,right").',
                classes="hint",
            )
        yield Footer()

    @on(Input.Changed)
    def _input(self, event: Input.Changed) -> None:
        s = self.app.settings
        value = event.value.strip()
        if event.input.id == "set-name-a" and value:
            s.name_a = value
        elif event.input.id == "set-name-b" and value:
            s.name_b = value
        elif event.input.id == "set-pulse":
            s.resting_pulse = int(value) if value.isdigit() and 30 <= int(value) <= 150 else None
        self.app.save_settings()

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
        self.app.save_settings()
        if field.startswith("mute"):
            self.app.change_cues(s.cues)

    @on(Select.Changed)
    def _select(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        if event.select.id == "set-cues" and event.value != self.app.settings.cues:
            self.app.change_cues(str(event.value))
        elif event.select.id == "set-theme":
            self.app.theme = str(event.value)
        elif event.select.id == "set-hug":
            self.app.settings.hug_seconds = float(str(event.value))
            self.app.save_settings()
