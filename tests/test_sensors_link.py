"""Keeping a strap connected, with a fake client behind coreg's own small interface (no real
Bluetooth): connect, listen, drop out, reconnect, give up only when trying again cannot help;
the background thread; and ``coreg sensors`` as a person uses it, with no adapter here."""

from __future__ import annotations

import argparse
import asyncio
import io
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from coreg.commands import sensors as command
from coreg.commands.shared import UserError
from coreg.sensors import HeartBoard, Link, SensorError, Straps, keep_connected
from coreg.settings import Settings, load_settings, save_settings
from tests.helpers_process import python_prints

BEAT = bytes.fromhex("06 48")  # 72 a minute, in contact


class FakeClient:
    """A strap that sends ``packets`` once listened to, then drops out (or stays, ``stay``)."""

    def __init__(self, packets=(BEAT,), fail: Exception | None = None, stay=False) -> None:
        self.packets, self.fail, self.stay = packets, fail, stay
        self.connected = self.disconnected = False
        self.gone = asyncio.Event()

    async def connect(self) -> None:
        if self.fail is not None:
            raise self.fail
        self.connected = True

    async def listen(self, on_packet) -> None:
        for data in self.packets:
            on_packet(data)

    async def dropped(self) -> None:
        if self.stay:
            await self.gone.wait()

    async def disconnect(self) -> None:
        self.disconnected = True


def factory_of(clients: list[FakeClient], stop: asyncio.Event | None = None):
    made: list[FakeClient] = []

    def factory(address: str) -> FakeClient:
        client = clients[len(made)] if len(made) < len(clients) else FakeClient((), stay=True)
        made.append(client)
        if stop is not None and len(made) > len(clients):
            stop.set()  # every scripted client used: the test has seen enough
        return client

    return factory, made


async def test_a_strap_that_drops_out_is_shown_dropped_and_reconnected():
    board = HeartBoard(["Alex"])
    stop = asyncio.Event()
    states: list[Link] = []
    waits: list[float] = []

    async def wait(seconds: float) -> None:
        states.append(board.reading("Alex").link)
        waits.append(seconds)

    scripted = [FakeClient(), FakeClient(fail=OSError("out of range")), FakeClient()]
    factory, made = factory_of(scripted, stop)
    await keep_connected("Alex", "AA:BB:CC:DD:EE:FF", factory, board, stop, wait)
    assert states == [Link.DROPPED, Link.DROPPED, Link.DROPPED]
    assert waits == [5.0, 5.0, 5.0]
    assert all(client.disconnected for client in made[:3])
    assert board.beats("Alex") and board.beats("Alex")[0].bpm == 72


async def test_no_bluetooth_is_said_once_and_not_tried_again():
    board = HeartBoard(["Alex"])
    stop = asyncio.Event()
    lasting = SensorError("coreg can't reach Bluetooth on this machine", lasting=True)
    factory, made = factory_of([FakeClient(fail=lasting)])
    await keep_connected("Alex", "AA:BB:CC:DD:EE:FF", factory, board, stop)
    assert len(made) == 1
    reading = board.reading("Alex")
    assert reading.link is Link.UNAVAILABLE and "Bluetooth" in reading.note


async def test_a_malformed_packet_is_counted_not_fatal():
    board = HeartBoard(["Alex"])
    stop = asyncio.Event()
    factory, _ = factory_of([FakeClient(packets=(b"", b"\x01\x48", BEAT))], stop)

    async def wait(seconds: float) -> None:
        pass

    await keep_connected("Alex", "AA:BB:CC:DD:EE:FF", factory, board, stop, wait)
    assert board.bad_packets == 2 and len(board.beats("Alex")) == 1


def wait_until(condition, seconds: float = 10.0) -> None:
    """Wait for something to happen, with a deadline (never to prove that nothing does)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "it did not happen in time"
        time.sleep(0.01)


def test_the_thread_keeps_both_straps_and_stops_when_asked():
    board = HeartBoard(["Alex", "Sam"])
    made: list[FakeClient] = []

    def factory(address: str) -> FakeClient:
        client = FakeClient(stay=True)
        made.append(client)
        return client

    straps = Straps({"Alex": "AA:BB:CC:DD:EE:01", "Sam": "AA:BB:CC:DD:EE:02"}, board, factory)
    straps.start()
    assert threading.current_thread() is threading.main_thread()
    wait_until(lambda: all(r.bpm == 72 for r in board.readings()))
    straps.stop()
    assert not straps.alive
    assert len(made) == 2 and all(client.disconnected for client in made)


def test_stopping_before_the_thread_starts_is_fine():
    straps = Straps({"Alex": "AA:BB:CC:DD:EE:01"}, HeartBoard(["Alex"]), lambda a: FakeClient())
    straps.stop()
    assert not straps.alive


def test_without_bleak_the_strap_says_how_to_add_it(monkeypatch):
    import coreg.sensors.ble as ble

    monkeypatch.setattr(ble, "bleak", None)
    board = HeartBoard(["Alex"])
    straps = Straps({"Alex": "AA:BB:CC:DD:EE:01"}, board)
    straps.start()
    wait_until(lambda: not straps.alive)
    reading = board.reading("Alex")
    assert reading.link is Link.UNAVAILABLE and "coreg[sensors]" in reading.note


# -- start-up never pays for bleak ------------------------------------------------------------


def test_coreg_pause_start_up_does_not_import_bleak():
    code = (
        "import sys, argparse\n"
        "from coreg.cli import build_parser\n"
        "import coreg.commands.pause, coreg.commands.app, coreg.tui\n"
        "from coreg.tui.screens import pause, run, settings\n"
        "from coreg.tui.widgets import heart\n"
        "import coreg.sensors.link, coreg.sensors.board\n"
        "build_parser()\n"
        "print(any(m == 'bleak' or m.startswith('bleak.') for m in sys.modules))\n"
    )
    assert python_prints(code) == "False"


def test_no_strap_paired_means_no_board_and_nothing_started():
    from coreg.commands.app import paired_straps_of

    assert paired_straps_of(Settings()) is None


# -- the command ------------------------------------------------------------------------------


@pytest.fixture
def settings_here(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    monkeypatch.setattr("coreg.paths.settings_path", lambda: path)
    monkeypatch.setattr("coreg.settings.settings_path", lambda: path)
    return path


def run(func, **given) -> str:
    out = io.StringIO()
    assert func(argparse.Namespace(**given), out=out) == 0
    return out.getvalue()


def test_pairing_by_address_is_kept_in_the_settings(settings_here):
    save_settings(Settings(name_a="Alex", name_b="Sam"))
    said = run(command.pair, strap="aa:bb:cc:dd:ee:ff", partner="Alex")
    assert "Alex's strap now" in said
    assert load_settings()[0].straps == {"Alex": {"address": "AA:BB:CC:DD:EE:FF", "name": ""}}
    run(command.pair, strap="AA:BB:CC:DD:EE:FF", partner="Sam")  # the strap moves over
    assert set(load_settings()[0].straps) == {"Sam"}
    shown = run(command.show)
    assert "Sam: AA:BB:CC:DD:EE:FF" in shown
    run(command.unpair, partner="Sam")
    assert "No strap is paired" in run(command.show)


def test_pairing_someone_not_in_the_couple_says_so(settings_here):
    save_settings(Settings(name_a="Alex", name_b="Sam"))
    said = run(command.pair, strap="AA:BB:CC:DD:EE:FF", partner="Kim")
    assert "Kim is not one of your names" in said


@pytest.mark.parametrize("partner", ["", "   ", "a\x1bb"])
def test_pairing_needs_a_plain_name(settings_here, partner):
    with pytest.raises(UserError, match="partner's name"):
        command.pair(argparse.Namespace(strap="AA:BB:CC:DD:EE:FF", partner=partner))


def test_unpairing_nobody(settings_here):
    with pytest.raises(UserError, match="no strap"):
        command.unpair(argparse.Namespace(partner="Alex"))


def test_a_scan_with_no_bluetooth_is_one_plain_line(monkeypatch):
    def no_bluetooth(seconds):
        raise SensorError("Bluetooth can't be reached on this machine", lasting=True)

    monkeypatch.setattr("coreg.sensors.find_straps", no_bluetooth)
    with pytest.raises(UserError, match="can't be reached") as caught:
        command.scan(argparse.Namespace(seconds=1.0), out=io.StringIO())
    assert caught.value.code == 1


def test_a_scan_with_nothing_in_range(monkeypatch):
    monkeypatch.setattr("coreg.sensors.find_straps", lambda seconds: [])
    with pytest.raises(UserError, match="No heart strap in range") as caught:
        command.scan(argparse.Namespace(seconds=1.0), out=io.StringIO())
    assert caught.value.code == 1


def test_a_scan_lists_what_it_found(monkeypatch):
    from coreg.sensors.ble import Found

    found = [
        Found("Polar H10 1234", "AA:BB:CC:DD:EE:FF", -60),
        Found("", "11:22:33:44:55:66", None),
    ]
    monkeypatch.setattr("coreg.sensors.find_straps", lambda seconds: found)
    said = run(command.scan, seconds=1.0)
    assert "Polar H10 1234  AA:BB:CC:DD:EE:FF  signal -60 dBm" in said
    assert "(no name)  11:22:33:44:55:66" in said


def test_the_real_scan_here_never_shows_a_traceback(tmp_path):
    # this machine may have no adapter, no BlueZ, or no bleak at all: a plain message each time
    result = subprocess.run(
        [sys.executable, "-m", "coreg", "sensors", "scan", "--seconds", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert "Traceback" not in result.stderr
    if result.returncode:
        assert result.returncode == 1 and result.stderr.startswith("coreg: ")


# -- replay ---------------------------------------------------------------------------------


def test_a_replay_file_plays_through_the_same_parser_and_board(tmp_path):
    from coreg.sensors import encode_measurement, parse_measurement, read_replay, replay_straps

    path = tmp_path / "r.jsonl"
    path.write_text(
        "# SYNTHETIC\n"
        '{"t": 0, "partner": "Alex", "bpm": 72, "rr": [833.0]}\n'
        '{"t": 0, "partner": "Sam", "bpm": 300}\n'
        "\n"
        '{"t": 1.5, "partner": "Alex", "bpm": 75}\n',
        "utf-8",
    )
    assert [p.partner for p in read_replay(path)] == ["Alex", "Sam", "Alex"]
    back = parse_measurement(encode_measurement(72, (833.0,)))
    assert back.bpm == 72 and back.rr_ms == (round(833 * 1.024) * 1000 / 1024,)
    assert parse_measurement(encode_measurement(300)).bpm == 300  # 16-bit
    names, pairs, factory = replay_straps(path, time.monotonic)
    board = HeartBoard(names)
    straps = Straps(pairs, board, factory)
    straps.start()
    wait_until(lambda: len(board.beats("Alex")) == 2 and board.beats("Sam"))
    straps.stop()
    assert [b.bpm for b in board.beats("Alex")] == [72, 75]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"t": -1, "partner": "Alex", "bpm": 72}', ":1: 't' is seconds"),
        ('{"t": 0, "partner": "", "bpm": 72}', ":1: 'partner' is a name"),
        ('{"t": 0, "partner": "Alex", "bpm": 72.5}', ":1: 'bpm' is a whole number"),
        ('{"t": 0, "partner": "Alex", "bpm": 72, "rr": ["x"]}', ":1: 'rr' holds"),
        ("[1, 2]", ":1: each line is a record"),
        ("{", ":1: "),
        ('{"t": 5, "partner": "A", "bpm": 1}\n{"t": 1, "partner": "A", "bpm": 1}', ":2: the read"),
        ("# only a comment", "one or two partners"),
    ],
)
def test_a_bad_replay_file_names_its_line(tmp_path, text, says):
    from coreg.sensors import read_replay

    path = tmp_path / "r.jsonl"
    path.write_text(text, "utf-8")
    with pytest.raises(SensorError, match=re.escape(says)):
        read_replay(path)


def test_the_shipped_replays_are_labelled_synthetic_and_read():
    from pathlib import Path

    from coreg.sensors import read_replay

    folder = Path(__file__).resolve().parent.parent / "docs" / "replays"
    files = sorted(folder.glob("*.jsonl"))
    assert len(files) == 2
    for path in files:
        assert path.read_text("utf-8").startswith("# SYNTHETIC")
        assert read_replay(path)


def test_a_recording_is_private_and_plays_back_the_same(tmp_path):
    import os
    import stat

    from coreg.sensors import Recorder, parse_measurement, read_replay
    from tests.app_helpers import FakeClock

    clock = FakeClock(50)
    board = HeartBoard(["Alex"], clock)
    recorder = Recorder(tmp_path / "rec.jsonl", clock)
    board.record = recorder
    board.add("Alex", parse_measurement(bytes.fromhex("16 48 00 04")))
    clock.advance(1.5)
    board.add("Alex", parse_measurement(bytes.fromhex("06 4a")))
    recorder.close()
    mode = stat.S_IMODE(os.stat(tmp_path / "rec.jsonl").st_mode)
    assert mode == 0o600  # it is about someone's heart: the owner's only
    played = read_replay(tmp_path / "rec.jsonl")
    assert [(p.t, p.partner, p.bpm, p.rr_ms) for p in played] == [
        (0.0, "Alex", 72, (1000.0,)),
        (1.5, "Alex", 74, ()),
    ]
    recorder(  # after closing, a reading is let go quietly
        "Alex", parse_measurement(bytes.fromhex("06 4a")), clock()
    )
    assert recorder.problem == ""


def test_recording_with_no_strap_says_so():
    from coreg.commands.app import start_recording

    with pytest.raises(UserError, match="Nothing to record"):
        start_recording(Path("x.jsonl"), None)


@pytest.mark.parametrize(
    "straps",
    [
        [],
        {"Alex": "AA:BB:CC:DD:EE:FF"},
        {"Alex": {"address": "not an address"}},
        {"Alex": {"address": "AA:BB:CC:DD:EE:FF", "name": "\x1b]0;pwned\x07"}},
        {"Alex": {"address": "AA:BB:CC:DD:EE:FF", "extra": 1}},
        {"A\x1b": {"address": "AA:BB:CC:DD:EE:FF"}},
    ],
)
def test_a_bad_straps_setting_is_named_and_the_rest_is_used(settings_here, straps):
    import json

    settings_here.write_text(json.dumps({"name_a": "Alex", "straps": straps}), "utf-8")
    settings, message = load_settings()
    assert settings.straps == {} and settings.name_a == "Alex"
    assert "'straps'" in message
