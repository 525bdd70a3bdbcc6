"""Heart straps' links, pinned where mutation testing found them loose: pairing, replay files
and recordings, bleak (faked: CI runs without it) and keeping a strap connected. Every number is
worked out by hand in the comment beside it.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from coreg.sensors import (
    HeartBoard,
    Link,
    pair_strap,
    paired_straps,
    parse_measurement,
    unpair_strap,
)
from coreg.settings import Settings
from tests.app_helpers import FakeClock

# -- pairing ----------------------------------------------------------------------------------


def test_pairing_keeps_the_address_in_capitals_and_a_strap_moves_between_partners():
    settings = Settings(name_a="Alex", name_b="Sam")
    assert pair_strap(settings, " Alex ", " aa:bb:cc:dd:ee:ff ", "Polar H10") is None
    assert settings.straps == {"Alex": {"address": "AA:BB:CC:DD:EE:FF", "name": "Polar H10"}}
    assert pair_strap(settings, "Sam", "aa-bb-cc-dd-ee-01") is None
    assert set(settings.straps) == {"Alex", "Sam"}  # another strap: both kept
    assert pair_strap(settings, "Sam", "AA:BB:CC:DD:EE:FF") is None  # Alex's moves over
    assert settings.straps == {"Sam": {"address": "AA:BB:CC:DD:EE:FF", "name": ""}}
    assert paired_straps(settings) == {"Sam": "AA:BB:CC:DD:EE:FF"}
    assert unpair_strap(settings, " Sam ") and not unpair_strap(settings, "Sam")
    assert settings.straps == {}


def test_pairing_refuses_what_is_not_an_address_or_a_name():
    settings = Settings()
    assert "not a Bluetooth address" in (pair_strap(settings, "Alex", "AA:BB:CC") or "")
    assert "partner's name" in (pair_strap(settings, "x" * 200, "AA:BB:CC:DD:EE:FF") or "")
    assert "partner's name" in (pair_strap(settings, "A\x07", "AA:BB:CC:DD:EE:FF") or "")
    assert settings.straps == {}
    # a strap's own name with control characters, or far too long, is left out
    assert pair_strap(settings, "Alex", "AA:BB:CC:DD:EE:FF", "\x1b]0;x\x07") is None
    assert settings.straps["Alex"]["name"] == ""
    assert pair_strap(settings, "Alex", "AA:BB:CC:DD:EE:FF", "n" * 500) is None
    assert settings.straps["Alex"]["name"] == ""
    longest = "n" * 100  # a name as long as coreg takes, for a partner and for a strap
    assert pair_strap(settings, longest, "AA:BB:CC:DD:EE:01", longest) is None
    assert settings.straps[longest] == {"address": "AA:BB:CC:DD:EE:01", "name": longest}
    uuid = "0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"  # how macOS names a strap
    assert pair_strap(settings, "Sam", uuid) is None
    assert settings.straps["Sam"]["address"] == uuid.upper()


def test_only_this_couples_straps_are_used():
    settings = Settings(name_a="Alex", name_b="Sam")
    settings.straps = {
        "Alex": {"address": "AA:BB:CC:DD:EE:01", "name": ""},
        "Kim": {"address": "AA:BB:CC:DD:EE:02", "name": ""},
    }
    assert paired_straps(settings) == {"Alex": "AA:BB:CC:DD:EE:01"}
    nobody = Settings()
    nobody.straps = dict(settings.straps)
    assert paired_straps(nobody) == {"Alex": "AA:BB:CC:DD:EE:01", "Kim": "AA:BB:CC:DD:EE:02"}


# -- replay -----------------------------------------------------------------------------------


def _replay(tmp_path, *lines: object) -> list:
    from coreg.sensors import read_replay

    path = tmp_path / "r.jsonl"
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text, "utf-8")
    return read_replay(path)


def test_a_replay_at_its_edges_is_read(tmp_path):
    played = _replay(
        tmp_path,
        "  # a comment after spaces",
        {"t": 0, "partner": "Alex", "bpm": 0, "rr": [0.5, 59_999]},
        {"t": 0, "partner": "S" * 100, "bpm": 300, "rr": [800] * 10},
        {"t": 86_400, "partner": "Alex", "bpm": 70},
    )
    assert [(p.t, p.partner, p.bpm) for p in played] == [
        (0.0, "Alex", 0),
        (0.0, "S" * 100, 300),
        (86_400.0, "Alex", 70),
    ]
    assert played[0].rr_ms == (0.5, 59_999.0) and played[2].rr_ms == ()


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ({"t": 86_400.5, "partner": "Alex", "bpm": 70}, "'t' is seconds"),
        ({"t": True, "partner": "Alex", "bpm": 70}, "'t' is seconds"),
        ({"t": float("nan"), "partner": "Alex", "bpm": 70}, "'t' is seconds"),
        ({"partner": "Alex", "bpm": 70}, "'t' is seconds"),
        ({"t": 0, "partner": "A" * 101, "bpm": 70}, "'partner' is a name"),
        ({"t": 0, "partner": 5, "bpm": 70}, "'partner' is a name"),
        ({"t": 0, "partner": "Alex", "bpm": 301}, "'bpm' is a whole number"),
        ({"t": 0, "partner": "Alex", "bpm": -1}, "'bpm' is a whole number"),
        ({"t": 0, "partner": "Alex", "bpm": True}, "'bpm' is a whole number"),
        ({"t": 0, "partner": "Alex", "bpm": 70, "rr": [800] * 11}, "'rr' is a list"),
        ({"t": 0, "partner": "Alex", "bpm": 70, "rr": 800}, "'rr' is a list"),
        ({"t": 0, "partner": "Alex", "bpm": 70, "rr": [0]}, "'rr' holds"),
        ({"t": 0, "partner": "Alex", "bpm": 70, "rr": [60_000]}, "'rr' holds"),
        ({"t": 0, "partner": "Alex", "bpm": 70, "rr": [True]}, "'rr' holds"),
    ],
)
def test_a_replay_line_out_of_bounds_is_refused(tmp_path, line, says):
    from coreg.sensors import SensorError

    with pytest.raises(SensorError, match=":2: " + says):
        _replay(tmp_path, {"t": 0, "partner": "Alex", "bpm": 70}, line)


def test_three_partners_or_none_cannot_be_replayed(tmp_path):
    from coreg.sensors import SensorError

    with pytest.raises(SensorError, match="one or two partners"):
        _replay(tmp_path, *({"t": 0, "partner": name, "bpm": 70} for name in ("A", "B", "C")))
    same_time = _replay(tmp_path, *({"t": 1, "partner": name, "bpm": 70} for name in ("A", "B")))
    assert len(same_time) == 2  # two readings at the same moment are in order


def test_a_replay_with_a_byte_order_mark_reads(tmp_path):
    from coreg.sensors import read_replay

    path = tmp_path / "r.jsonl"
    path.write_text('\ufeff{"t": 0, "partner": "Alex", "bpm": 70}\n', "utf-8")
    assert read_replay(path)[0].partner == "Alex"


def test_a_replay_plays_each_reading_on_time():
    from coreg.sensors import Played, ReplayClient

    clock = FakeClock(100)
    slept: list[float] = []
    sent: list[bytes] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.advance(seconds)

    readings = [Played(0.0, "Alex", 70), Played(1.5, "Alex", 72, (800.0,)), Played(1.5, "Alex", 74)]
    client = ReplayClient(readings, clock, sleep)

    async def play() -> None:
        await client.connect()
        await client.listen(sent.append)
        assert client._task is not None
        await client._task
        await client.disconnect()

    asyncio.run(play())
    assert slept == [1.5]  # nothing to wait for at 0 s, nor for the second at 1.5 s
    assert [parse_measurement(p).bpm for p in sent] == [70, 72, 74]
    assert parse_measurement(sent[1]).rr_ms == (round(800 * 1.024) * 1000 / 1024,)


def test_replay_straps_gives_each_partner_their_own_readings(tmp_path):
    from coreg.sensors import replay_straps

    path = tmp_path / "r.jsonl"
    lines = [
        {"t": 0, "partner": "Sam", "bpm": 80},
        {"t": 0, "partner": "Alex", "bpm": 70},
        {"t": 1, "partner": "Sam", "bpm": 81},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines), "utf-8")
    names, pairs, factory = replay_straps(path, FakeClock(0))
    assert names == ["Sam", "Alex"] and pairs == {"Sam": "Sam", "Alex": "Alex"}
    assert [p.bpm for p in factory("Sam").readings] == [80, 81]
    assert [p.bpm for p in factory("Alex").readings] == [70]


def test_a_recording_rounds_and_starts_its_clock_at_zero(tmp_path):
    from coreg.sensors import Recorder

    clock = FakeClock(10)
    recorder = Recorder(tmp_path / "rec.jsonl", clock)
    recorder("Zoë", parse_measurement(bytes.fromhex("16 48 34 03")), 12.34567)
    recorder("Zoë", parse_measurement(bytes.fromhex("06 48")), 9.0)  # before the start: 0
    recorder.close()
    recorder.close()  # twice is fine
    lines = (tmp_path / "rec.jsonl").read_text("utf-8").splitlines()
    assert lines[0].startswith("# heart-strap readings")
    # 820/1024 s = 800.78125 ms, kept to a tenth; the name as written, not escaped
    assert lines[1] == '{"t":2.346,"partner":"Zoë","bpm":72,"rr":[800.8]}'
    assert lines[2] == '{"t":0.0,"partner":"Zoë","bpm":72,"rr":[]}'
    assert recorder.problem == ""


# -- bleak, faked (CI has no bleak; coreg's own part of ble.py is tested through a stand-in) ---


class _Advert:
    def __init__(self, name, rssi, uuids) -> None:
        self.local_name, self.rssi, self.service_uuids = name, rssi, uuids


class _Device:
    def __init__(self, name, address) -> None:
        self.name, self.address = name, address


def _fake_bleak(monkeypatch, found=None, fail=None):
    import types

    import coreg.sensors.ble as ble

    asked: dict = {}

    async def discover(**given):
        asked.update(given)
        if fail is not None:
            raise fail
        return found or {}

    class Client:
        def __init__(self, address, timeout, disconnected_callback) -> None:
            asked.update(address=address, timeout=timeout)
            self.on_gone = disconnected_callback
            self.fail: Exception | None = None
            self.notified: list = []

        async def connect(self):
            if self.fail is not None:
                raise self.fail

        async def start_notify(self, uuid, handler):
            if self.fail is not None:
                raise self.fail
            self.notified.append(uuid)
            handler(None, bytearray(b"\x06\x48"))

        async def disconnect(self):
            if self.fail is not None:
                raise self.fail

    fake = types.SimpleNamespace(BleakScanner=types.SimpleNamespace(discover=discover))
    fake.BleakClient = Client
    monkeypatch.setattr(ble, "bleak", fake)
    return ble, asked


def test_a_scan_lists_heart_straps_nearest_first(monkeypatch):
    hr = "0000180d-0000-1000-8000-00805f9b34fb"
    found = {
        "d": (_Device("Lamp", "AA:00:00:00:00:04"), _Advert("Lamp", -10, ["0000180f-0000"])),
        "a": (_Device("Far", "AA:00:00:00:00:01"), _Advert("", -90, [hr.upper()])),
        "b": (_Device("dev", "AA:00:00:00:00:02"), _Advert("Near", -40, [hr, "x"])),
        "c": (_Device(None, "AA:00:00:00:00:03"), _Advert(None, None, None)),
    }  # the lamp offers no heart rate: left out, and the straps after it still listed
    ble, asked = _fake_bleak(monkeypatch, found)
    straps = asyncio.run(ble.scan(3.0))
    assert straps == [
        ble.Found("Near", "AA:00:00:00:00:02", -40),
        ble.Found("Far", "AA:00:00:00:00:01", -90),
        ble.Found("", "AA:00:00:00:00:03", None),  # no signal said: last
    ]
    assert asked == {"timeout": 3.0, "service_uuids": [hr], "return_adv": True}


@pytest.mark.parametrize(
    ("error", "lasting", "says"),
    [
        (OSError("no"), True, "can't be reached"),
        (RuntimeError("No Bluetooth adapters found."), True, "can't be reached"),
        (RuntimeError("Bluetooth device is turned off / not available"), True, "can't be reached"),
        (RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown"), True, "can't be reached"),
        (RuntimeError("org.bluez.Error.NotReady: Resource Not Ready"), True, "can't be reached"),
        (TimeoutError(), False, "did not answer in time"),
        (RuntimeError("org.bluez.Error.Failed: busy"), False, "Bluetooth said: org.bluez.Error"),
        (RuntimeError("x" * 300), False, "Bluetooth said: " + "x" * 200 + "$"),
        (RuntimeError(), False, "Bluetooth said: RuntimeError$"),
    ],
)
def test_every_bluetooth_error_is_said_plainly(error, lasting, says):
    from coreg.sensors.ble import _plain

    plain = _plain(error)
    assert plain.lasting is lasting
    assert __import__("re").search(says, str(plain))


def test_a_failed_scan_is_said_plainly(monkeypatch):
    from coreg.sensors import SensorError

    ble, _ = _fake_bleak(monkeypatch, fail=OSError("no adapter"))
    with pytest.raises(SensorError, match="can't be reached") as caught:
        asyncio.run(ble.scan(1.0))
    assert caught.value.lasting


def test_the_bleak_client_listens_and_says_when_the_strap_drops_out(monkeypatch):
    ble, asked = _fake_bleak(monkeypatch)
    client = ble.bleak_client("AA:BB:CC:DD:EE:FF")
    assert asked == {"address": "AA:BB:CC:DD:EE:FF", "timeout": 15.0}
    client._on_gone(None)  # before connecting: nothing to tell yet
    packets: list[bytes] = []

    async def session() -> None:
        await client.connect()
        await client.listen(packets.append)
        waiting = asyncio.ensure_future(client.dropped())
        await asyncio.sleep(0)
        assert not waiting.done()
        client._client.on_gone(client._client)  # bleak says the link is lost
        await asyncio.wait_for(waiting, 5)
        await client.disconnect()

    asyncio.run(session())
    assert packets == [bytearray(b"\x06\x48")]
    assert client._client.notified == ["00002a37-0000-1000-8000-00805f9b34fb"]


@pytest.mark.parametrize("step", ["connect", "listen", "disconnect"])
def test_the_bleak_client_says_each_failure_plainly(monkeypatch, step):
    from coreg.sensors import SensorError

    ble, _ = _fake_bleak(monkeypatch)
    client = ble.BleakHeartClient("AA:BB:CC:DD:EE:FF")
    client._client.fail = TimeoutError()

    async def go() -> None:
        if step == "connect":
            await client.connect()
        elif step == "listen":
            await client.listen(lambda data: None)
        else:
            await client.disconnect()

    with pytest.raises(SensorError, match="did not answer in time"):
        asyncio.run(go())


def test_without_bleak_the_client_and_the_scan_say_how_to_add_it(monkeypatch):
    import coreg.sensors.ble as ble
    from coreg.sensors import SensorError

    monkeypatch.setattr(ble, "bleak", None)
    with pytest.raises(SensorError, match=r"pip install 'coreg\[sensors\]'") as caught:
        ble.bleak_client("AA:BB:CC:DD:EE:FF")
    assert caught.value.lasting
    with pytest.raises(SensorError, match="sensors extra"):
        asyncio.run(ble.scan(1.0))


def test_a_strap_that_does_not_answer_in_time_is_tried_again(monkeypatch):
    # bleak's connect ends in TimeoutError when the strap is off or out of range: that is a
    # strap that dropped out (tried again), not a machine without Bluetooth (given up on)
    from coreg.sensors import keep_connected

    ble, _ = _fake_bleak(monkeypatch)
    board = HeartBoard(["Alex"], FakeClock(0))
    made: list = []
    states: list[Link] = []

    def factory(address: str):
        client = ble.bleak_client(address)
        client._client.fail = TimeoutError()
        made.append(client)
        return client

    async def go() -> None:
        stop = asyncio.Event()

        async def wait(seconds: float) -> None:
            states.append(board.reading("Alex").link)
            if len(made) == 2:
                stop.set()

        await keep_connected("Alex", "AA:BB:CC:DD:EE:FF", factory, board, stop, wait)

    asyncio.run(go())
    assert len(made) == 2 and states == [Link.DROPPED, Link.DROPPED]


# -- keeping a strap connected ----------------------------------------------------------------


def _keep(clients, board, stop=None, wait=None) -> list:
    from coreg.sensors import keep_connected
    from tests.test_sensors_link import factory_of

    async def go() -> list:
        done = stop or asyncio.Event()
        factory, made = factory_of(clients, done)
        await keep_connected("Alex", "AA:BB:CC:DD:EE:FF", factory, board, done, wait)
        return made

    return asyncio.run(go())


def test_a_client_that_cannot_be_made_is_said_and_not_tried_again():
    from coreg.sensors import SensorError, keep_connected

    board = HeartBoard(["Alex"], FakeClock(0))
    tries: list[str] = []

    def factory(address: str):
        tries.append(address)
        raise SensorError("Heart straps need the sensors extra")

    asyncio.run(keep_connected("Alex", "AA:BB", factory, board, asyncio.Event()))
    assert tries == ["AA:BB"]
    shown = board.reading("Alex")
    assert shown.link is Link.UNAVAILABLE and shown.note == "Heart straps need the sensors extra"


def test_a_passing_bluetooth_error_is_tried_again_and_a_lasting_one_is_not():
    from coreg.sensors import SensorError
    from tests.test_sensors_link import FakeClient

    board = HeartBoard(["Alex"], FakeClock(0))
    waits: list[float] = []

    async def wait(seconds: float) -> None:
        waits.append(seconds)

    passing, lasting = SensorError("busy"), SensorError("no Bluetooth", lasting=True)
    made = _keep([FakeClient(fail=passing), FakeClient(fail=lasting)], board, wait=wait)
    assert len(made) == 2 and waits == [5.0]
    shown = board.reading("Alex")
    assert shown.link is Link.UNAVAILABLE and shown.note == "no Bluetooth"
    assert made[0].disconnected and made[1].disconnected


def test_a_strap_that_drops_out_with_an_error_is_tried_again():
    from coreg.sensors import SensorError
    from tests.test_sensors_link import FakeClient

    class Broken(FakeClient):
        async def dropped(self) -> None:
            raise SensorError("the link broke")

        async def disconnect(self) -> None:
            self.disconnected = True
            raise OSError("already gone")  # a failing disconnect is let go

    board = HeartBoard(["Alex"], FakeClock(0))
    states: list[Link] = []

    async def wait(seconds: float) -> None:
        states.append(board.reading("Alex", now=0).link)

    made = _keep([Broken(), Broken()], board, wait=wait)
    assert len(made) == 3 and states == [Link.DROPPED, Link.DROPPED]
    assert made[0].disconnected and made[1].disconnected


def test_leaving_while_connected_disconnects_and_does_not_say_dropped():
    from coreg.sensors import keep_connected
    from tests.test_sensors_link import FakeClient

    board = HeartBoard(["Alex"], FakeClock(0))
    client = FakeClient(stay=True)

    async def go() -> None:
        stop = asyncio.Event()
        task = asyncio.ensure_future(
            keep_connected("Alex", "AA:BB", lambda address: client, board, stop)
        )
        while not board.beats("Alex"):
            await asyncio.sleep(0)
        stop.set()
        await asyncio.wait_for(task, 5)

    asyncio.run(go())
    assert client.disconnected
    assert board.reading("Alex", now=0).link is Link.CONNECTED  # not "dropped": coreg left


def test_between_tries_the_wait_ends_as_soon_as_coreg_leaves():
    from coreg.sensors import keep_connected
    from tests.test_sensors_link import FakeClient

    board = HeartBoard(["Alex"], FakeClock(0))
    made: list = []

    async def go() -> None:
        stop = asyncio.Event()

        def factory(address: str):
            made.append(FakeClient(fail=OSError("out of range")))
            asyncio.get_running_loop().call_soon(stop.set)
            return made[-1]

        # the real wait between tries is 5 s; leaving ends it at once
        await asyncio.wait_for(keep_connected("Alex", "AA:BB", factory, board, stop), 4)

    asyncio.run(go())
    assert len(made) == 1 and board.reading("Alex").link is Link.DROPPED


def test_the_straps_thread_is_one_daemon_started_once():
    from coreg.sensors import Straps
    from tests.test_sensors_link import FakeClient

    board = HeartBoard(["Alex"])
    straps = Straps({"Alex": "AA:BB"}, board, lambda address: FakeClient(stay=True))
    assert not straps.alive
    straps.start()
    thread = straps._thread
    straps.start()
    assert straps._thread is thread and thread is not None
    assert thread.daemon and thread.name == "coreg-straps"
    deadline = __import__("time").monotonic() + 10
    while board.reading("Alex").bpm != 72:
        assert __import__("time").monotonic() < deadline
        __import__("time").sleep(0.01)
    straps.stop(5.0)
    assert not straps.alive
    straps.stop()  # twice is fine


def test_a_recording_that_cannot_start_says_why(tmp_path):
    from coreg.sensors import Recorder, SensorError

    where = tmp_path / "no such folder" / "rec.jsonl"
    with pytest.raises(SensorError, match=r"coreg can't write .*rec\.jsonl: No such file"):
        Recorder(where, FakeClock(0))


class _Failing:
    def __init__(self, on: str) -> None:
        self.on, self.closed = on, False

    def write(self, text: str) -> None:
        if self.on == "write":
            raise OSError(28, "No space left on device")

    def flush(self) -> None:
        return None

    def close(self) -> None:
        self.closed = True
        if self.on == "close":
            raise OSError(5, "Input/output error")


def test_a_recording_that_cannot_write_stops_and_says_why(tmp_path):
    from coreg.sensors import Recorder

    recorder = Recorder(tmp_path / "rec.jsonl", FakeClock(0))
    recorder.close()
    failing = _Failing("write")
    recorder._file = failing
    recorder("Alex", parse_measurement(bytes.fromhex("06 48")), 1.0)  # never raises
    assert (
        recorder.problem
        == f"Recording to {tmp_path / 'rec.jsonl'} stopped: No space left on device"
    )
    assert failing.closed and recorder._file is None
    recorder("Alex", parse_measurement(bytes.fromhex("06 48")), 2.0)  # and then lets go
    assert "stopped: No space" in recorder.problem


def test_a_recording_that_cannot_close_says_why(tmp_path):
    from coreg.sensors import Recorder

    recorder = Recorder(tmp_path / "rec.jsonl", FakeClock(0))
    recorder.close()
    recorder._file = _Failing("close")
    recorder.close()
    assert recorder.problem == f"Recording to {tmp_path / 'rec.jsonl'}: Input/output error"
    recorder._file = _Failing("close")
    recorder.problem = "Recording to x stopped: first"
    recorder.close()  # the first problem is the one kept
    assert recorder.problem == "Recording to x stopped: first"


def test_a_sensor_error_is_passing_unless_said_otherwise():
    from coreg.sensors import SensorError

    assert SensorError("busy").lasting is False
    assert SensorError("no Bluetooth", lasting=True).lasting is True
    assert str(SensorError("busy")) == "busy"


def test_leaving_never_waits_on_a_strap_that_hangs():
    import threading

    from coreg.sensors import Straps
    from tests.test_sensors_link import FakeClient

    release = threading.Event()

    class Hanging(FakeClient):
        async def disconnect(self) -> None:  # a Bluetooth stack that never answers
            while not release.is_set():
                await asyncio.sleep(0.01)

    board = HeartBoard(["Alex"])
    straps = Straps({"Alex": "AA:BB"}, board, lambda address: Hanging(stay=True))
    straps.start()
    deadline = __import__("time").monotonic() + 10
    while board.reading("Alex").bpm != 72:
        assert __import__("time").monotonic() < deadline
        __import__("time").sleep(0.01)
    straps.stop(0.2)  # returns although the thread is still disconnecting
    assert straps.alive
    release.set()
    assert straps._thread is not None
    straps._thread.join(10)
    assert not straps.alive


def test_between_tries_the_real_wait_ends_and_coreg_tries_again(monkeypatch):
    import coreg.sensors.link as link
    from coreg.sensors import keep_connected
    from tests.test_sensors_link import FakeClient

    monkeypatch.setattr(link, "RETRY_SECONDS", 0.01)
    board = HeartBoard(["Alex"], FakeClock(0))
    made: list = []

    async def go() -> None:
        stop = asyncio.Event()

        def factory(address: str):
            made.append(FakeClient(fail=OSError("out of range")))
            if len(made) == 3:
                stop.set()
            return made[-1]

        await asyncio.wait_for(keep_connected("Alex", "AA:BB", factory, board, stop), 5)

    asyncio.run(go())
    assert len(made) == 3


async def test_a_strap_is_shown_connected_before_its_first_beat():
    from coreg.sensors import keep_connected
    from tests.test_sensors_link import FakeClient

    board = HeartBoard(["Alex"], FakeClock(0))
    client = FakeClient(packets=(), stay=True)
    stop = asyncio.Event()
    task = asyncio.ensure_future(keep_connected("Alex", "AA:BB", lambda a: client, board, stop))
    for _ in range(100):
        if board.reading("Alex").link is Link.CONNECTED:
            break
        await asyncio.sleep(0)
    assert board.reading("Alex").link is Link.CONNECTED and board.reading("Alex").bpm is None
    stop.set()
    await asyncio.wait_for(task, 5)


def test_find_straps_scans_for_as_long_as_asked(monkeypatch):
    import coreg.sensors.ble as ble
    from coreg.sensors import find_straps

    asked: list[float] = []

    async def scan(seconds: float) -> list:
        asked.append(seconds)
        return [ble.Found("Polar", "AA:BB:CC:DD:EE:FF", -50)]

    monkeypatch.setattr(ble, "scan", scan)
    assert find_straps(2.5) == [ble.Found("Polar", "AA:BB:CC:DD:EE:FF", -50)]
    assert asked == [2.5]


def test_a_replay_waits_even_under_a_second_and_stops_when_let_go():
    from coreg.sensors import Played, ReplayClient

    clock = FakeClock(0)
    slept: list[float] = []
    sent: list[bytes] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.advance(seconds)
        if len(slept) > 1:
            await asyncio.Event().wait()  # the next reading is far off: still waiting

    readings = [Played(0.5, "Alex", 70), Played(600.0, "Alex", 72)]
    client = ReplayClient(readings, clock, sleep)

    async def play() -> None:
        await client.disconnect()  # before listening: nothing to stop
        await client.listen(sent.append)
        task = client._task
        assert task is not None
        while len(slept) < 2:
            await asyncio.sleep(0)
        await client.disconnect()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(play())
    assert slept == [0.5, 599.5] and [parse_measurement(p).bpm for p in sent] == [70]


def test_a_replay_file_as_big_as_allowed_is_read_and_a_byte_more_is_not(tmp_path, monkeypatch):
    import coreg.sensors.replay as replay
    from coreg.sensors import SensorError, read_replay

    line = '{"t": 0, "partner": "Alex", "bpm": 70}\n'
    monkeypatch.setattr(replay, "MAX_REPLAY_BYTES", len(line))
    path = tmp_path / "r.jsonl"
    path.write_text(line, "utf-8")
    assert read_replay(path)[0].bpm == 70
    path.write_text(line + " ", "utf-8")
    with pytest.raises(
        SensorError, match=r"^The replay file .*r\.jsonl is too big \(at most 16 MB\)\.$"
    ):
        read_replay(path)


def test_a_replay_file_that_cannot_be_read_says_why(tmp_path):
    from coreg.sensors import SensorError, read_replay

    with pytest.raises(SensorError, match=r"^coreg can't read the replay file .*: No such file"):
        read_replay(tmp_path / "missing.jsonl")
    binary = tmp_path / "r.jsonl"
    binary.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(SensorError, match=r"^The replay file .*r\.jsonl is not UTF-8 text\.$"):
        read_replay(binary)


def test_whether_bleak_is_installed_is_asked_by_its_name(monkeypatch):
    import importlib.util

    from coreg.sensors import bleak_installed

    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: object() if name == "bleak" else None
    )
    assert bleak_installed() is True
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert bleak_installed() is False
