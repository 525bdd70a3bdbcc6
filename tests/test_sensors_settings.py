"""Pairing heart straps from the settings screen, with a fake scan (no Bluetooth): the scan
runs on a worker thread and lists what it found, a partner's button ties a strap to them (saved
by address), "Forget" unties it; no Bluetooth is said in one line; without the sensors extra
the screen has one line about straps and nothing else."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from textual.widgets import Button

from coreg.sensors import SensorError
from coreg.settings import load_settings
from coreg.tui.widgets import straps
from coreg.tui.widgets.straps import StrapsPanel
from tests.app_helpers import make_app

SIZE = (100, 40)


@dataclass(frozen=True)
class Found:
    name: str
    address: str
    rssi: int | None = None


FOUND = [
    Found("Polar H10 1234", "C0:FF:EE:12:34:56", -50),
    Found("[bold]Wahoo\x1b]0;x\x07", "AA:BB:CC:DD:EE:FF", -70),  # a name is shown as text
]


@pytest.fixture
def scans(monkeypatch):
    """A fake scan: records the thread it ran on, and gives ``result`` (or raises it)."""
    calls: list[threading.Thread] = []
    result: dict = {"found": FOUND}

    def scan(seconds: float):
        calls.append(threading.current_thread())
        if isinstance(result["found"], Exception):
            raise result["found"]
        return result["found"]

    monkeypatch.setattr(StrapsPanel, "scan", staticmethod(scan))
    monkeypatch.setattr(straps, "bleak_installed", lambda: True)
    return calls, result


async def open_settings(pilot):
    await pilot.press("s")
    await pilot.pause()
    return pilot.app.screen.query_one(StrapsPanel)


async def press(pilot, button: Button) -> None:
    button.press()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text(widget) -> str:
    return str(widget.render())


async def test_find_lists_the_straps_and_a_partners_button_pairs_one(tmp_path, scans):
    calls, _ = scans
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_settings(pilot)
        assert text(panel.query_one("#straps-summary")) == "Heart straps: none paired yet."
        await press(pilot, panel.query_one("#straps-find", Button))
        assert calls and calls[0] is not threading.main_thread()  # off the UI thread
        rows = [text(row.query("Plain").first()) for row in panel.query(".straps-row")]
        assert rows == [
            "Polar H10 1234 (C0:FF:EE:12:34:56)",
            "[bold]Wahoo␛]0;x␇ (AA:BB:CC:DD:EE:FF)",
        ]
        first = panel.query(".straps-row").first()
        alex, sam = first.query(".straps-for")
        assert (str(alex.label), str(sam.label)) == ("Alex's", "Sam's")
        await press(pilot, sam)
        assert "Sam's strap is Polar H10 1234" in text(panel.query_one("#straps-status"))
        saved, _ = load_settings(tmp_path / "settings.json")
        assert saved.straps == {"Sam": {"address": "C0:FF:EE:12:34:56", "name": "Polar H10 1234"}}
        forget = panel.query_one(".straps-forget", Button)
        await press(pilot, forget)
        assert "forgotten" in text(panel.query_one("#straps-status"))
        assert not panel.query(".straps-forget")
        saved, _ = load_settings(tmp_path / "settings.json")
        assert saved.straps == {}


async def test_a_strap_chosen_for_the_other_partner_moves_over(tmp_path, scans):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_settings(pilot)
        await press(pilot, panel.query_one("#straps-find", Button))
        await press(pilot, panel.query("#straps-list .straps-for")[0])
        assert list(app.settings.straps) == ["Alex"]
        await press(pilot, panel.query("#straps-list .straps-for")[1])
        assert list(app.settings.straps) == ["Sam"]  # one strap, one partner
        assert text(panel.query_one("#straps-summary")) == "Heart straps:"


@pytest.mark.parametrize(
    ("problem", "said"),
    [
        (SensorError("No Bluetooth adapter here.", lasting=True), "No Bluetooth adapter here."),
        ([], "No strap in range. Wet its pads, put it on, and look again."),
        (OSError("radio on fire"), "Bluetooth said: radio on fire"),
    ],
)
async def test_no_bluetooth_or_no_strap_is_said_in_one_line(tmp_path, scans, problem, said):
    _, result = scans
    result["found"] = problem
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        panel = await open_settings(pilot)
        await press(pilot, panel.query_one("#straps-find", Button))
        assert text(panel.query_one("#straps-status")) == said
        assert not panel.query(".straps-row")
        assert not panel.query_one("#straps-find", Button).disabled  # it can look again
        assert app.settings.straps == {}


async def test_without_the_sensors_extra_one_line_and_nothing_else(tmp_path, monkeypatch):
    from coreg.tui.widgets import heart

    monkeypatch.setattr(straps, "bleak_installed", lambda: False)
    monkeypatch.setattr(heart, "bleak_installed", lambda: False)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert not app.screen.query(StrapsPanel)
        assert not app.screen.query("#straps-find")
        hint = [str(label.render()) for label in app.screen.query(".hint")]
        assert any(h.endswith("pip install 'coreg[sensors]'") for h in hint)
