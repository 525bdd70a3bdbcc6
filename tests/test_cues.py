"""Cues without processes: choosing a player, the sound probe, bell patterns, words, tones."""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import socket
import stat
import struct
import tempfile
import time
import wave
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coreg.library import Cue
from coreg.sound import (
    BELL_PATTERNS,
    Style,
    default_style,
    describe_players,
    find_outputs,
    make_player,
    parse_style,
    runner,
    spoken_text,
    tones,
    words,
)
from coreg.sound.cues import BELL_GAP
from coreg.sound.players import plan, programs

ALL_PLAYERS = ("paplay", "pw-play", "aplay", "afplay", "espeak-ng", "espeak", "spd-say", "say")


def which_of(*names):
    """A ``which`` that finds only these programs."""
    return lambda name: f"/fake/bin/{name}" if name in names else None


def player(style, *, have=ALL_PLAYERS, outputs=("pulse",), platform="linux", **kw):
    return make_player(
        style,
        lambda: None,
        which=which_of(*have),
        platform=platform,
        probe=lambda: frozenset(outputs),
        **kw,
    )


# --------------------------------------------------------------------------------------------
# Which program plays, on which platform


@pytest.mark.parametrize(
    ("style", "platform", "outputs", "program"),
    [
        ("tone", "linux", {"pulse"}, "paplay"),
        ("tone", "linux", {"pipewire"}, "pw-play"),
        ("tone", "linux", {"alsa"}, "aplay"),
        ("voice", "linux", {"pulse"}, "espeak-ng"),
        ("voice", "linux", {"alsa"}, "espeak-ng"),
        ("tone", "darwin", {"coreaudio"}, "afplay"),
        ("voice", "darwin", {"coreaudio"}, "say"),
    ],
)
def test_the_right_program_is_chosen_for_each_style_and_platform(style, platform, outputs, program):
    chosen = player(style, platform=platform, outputs=outputs)
    assert chosen.requested == chosen.style == Style(style)
    assert chosen.program == program
    assert program in chosen.message


def test_a_mac_never_picks_a_linux_player_even_if_one_is_installed():
    chosen = player("voice", platform="darwin", outputs={"coreaudio"}, have=("espeak-ng", "say"))
    assert chosen.program == "say"


def test_voice_falls_back_through_speech_programs_in_order():
    assert player("voice", have=("espeak", "spd-say")).program == "espeak"
    assert player("voice", have=("spd-say",)).program == "spd-say"


def test_voice_without_a_speech_program_falls_back_to_tone_and_says_why():
    chosen = player("voice", have=("aplay",), outputs={"alsa"})
    assert (chosen.requested, chosen.style, chosen.program) == (Style.VOICE, Style.TONE, "aplay")
    assert chosen.message == (
        "Cues: no speech program was found (espeak-ng, espeak or spd-say), "
        "so coreg plays soft tones with aplay instead."
    )


def test_without_any_player_cues_fall_back_to_the_bell_and_say_why():
    chosen = player("voice", have=())
    assert (chosen.style, chosen.program) == (Style.BELL, None)
    assert "no sound player was found" in chosen.message
    assert "terminal bell" in chosen.message


def test_no_sound_device_means_the_bell_even_when_players_are_installed():
    """espeak-ng exits 0 with no device: the probe, not the exit code, decides."""
    for style in ("tone", "voice"):
        chosen = player(style, outputs=())
        assert chosen.style is Style.BELL
        assert chosen.message == (
            "Cues: no sound device was found, so coreg rings the terminal bell instead."
        )


def test_a_player_that_cannot_reach_the_sound_output_is_skipped():
    # paplay needs a PulseAudio server; with only PipeWire's own socket, pw-play is the one.
    assert player("tone", have=("paplay", "pw-play"), outputs={"pipewire"}).program == "pw-play"
    chosen = player("tone", have=("paplay",), outputs={"alsa"})
    assert chosen.style is Style.BELL
    assert "paplay can't reach a sound device" in chosen.message


def test_windows_rings_the_bell_and_says_so():
    chosen = player("voice", platform="win32", outputs=())
    assert chosen.style is Style.BELL
    assert "terminal bell" in chosen.message


def test_bell_and_off_need_no_probe():
    def probe():
        raise AssertionError("the bell needs no sound device")

    assert make_player("bell", lambda: None, probe=probe).style is Style.BELL
    assert make_player("off", lambda: None, probe=probe).style is Style.OFF


def test_every_message_is_one_calm_sentence():
    for style in Style:
        for outputs in ((), ("pulse",)):
            for have in ((), ALL_PLAYERS, ("paplay",)):
                message = player(style, have=have, outputs=outputs).message
                assert message.startswith("Cues: ") and message.endswith(".")
                assert "\n" not in message and len(message) < 130


def test_styles_are_parsed_kindly():
    assert parse_style(" Voice ") is Style.VOICE
    with pytest.raises(ValueError, match="bell, tone, voice or off"):
        parse_style("beep")
    assert default_style({}) is Style.BELL
    assert default_style({"COREG_CUES": "tone"}) is Style.TONE
    with pytest.raises(ValueError):
        default_style({"COREG_CUES": "loud"})


def test_describe_players_lists_what_was_found():
    text = describe_players(which=which_of("aplay"), platform="linux", outputs=frozenset())
    assert "Sound output: none found" in text
    assert "aplay (found)" in text and "paplay (not installed)" in text


# --------------------------------------------------------------------------------------------
# The sound probe


def test_the_probe_finds_nothing_on_a_machine_without_sound(tmp_path):
    (tmp_path / "proc/asound").mkdir(parents=True)
    (tmp_path / "proc/asound/cards").write_text("--- no soundcards ---\n")
    assert find_outputs("linux", {"XDG_RUNTIME_DIR": str(tmp_path / "run")}, tmp_path) == set()


@pytest.fixture
def short_tmp():
    """A short folder: a Unix socket's path must fit in about 100 characters."""
    with tempfile.TemporaryDirectory(prefix="cues-") as folder:
        yield Path(folder)


def serve(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen()
    return server


def test_the_probe_finds_sound_servers_and_cards(short_tmp):
    run = short_tmp / "run"
    (run / "pulse").mkdir(parents=True)
    (short_tmp / "proc/asound").mkdir(parents=True)
    (short_tmp / "proc/asound/cards").write_text(
        " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n"
    )
    with serve(run / "pulse/native"), serve(run / "pipewire-0"):
        assert find_outputs("linux", {"XDG_RUNTIME_DIR": str(run)}, short_tmp) == {
            "pulse",
            "pipewire",
            "alsa",
        }


def test_a_socket_left_behind_by_a_stopped_server_is_not_a_sign(short_tmp):
    (short_tmp / "pulse").mkdir()
    serve(short_tmp / "pulse/native").close()  # the file stays; nobody answers
    (short_tmp / "pipewire-0").touch()
    assert (short_tmp / "pulse/native").exists()
    assert find_outputs("linux", {"XDG_RUNTIME_DIR": str(short_tmp)}, short_tmp) == set()
    env = {"PULSE_SERVER": f"unix:{short_tmp}/pulse/native"}
    assert find_outputs("linux", env, short_tmp) == set()


def test_the_probe_counts_a_remote_pulse_server_and_an_alsa_device(tmp_path):
    (tmp_path / "dev/snd").mkdir(parents=True)
    (tmp_path / "dev/snd/pcmC0D0c").touch()  # a microphone is not a way to play
    assert find_outputs("linux", {}, tmp_path) == set()
    (tmp_path / "dev/snd/pcmC0D0p").touch()
    assert find_outputs("linux", {"PULSE_SERVER": "tcp:host"}, tmp_path) == {"pulse", "alsa"}


def test_a_mac_always_has_a_sound_output():
    assert find_outputs("darwin", {}) == {"coreaudio"}


def test_windows_has_no_sound_output_coreg_can_use_and_no_player():
    assert find_outputs("win32", {"PULSE_SERVER": "tcp:host"}) == set()
    assert programs(Style.TONE, "win32") == programs(Style.VOICE, "cygwin") == ()
    assert programs(Style.BELL, "linux") == programs(Style.OFF, "darwin") == ()


def test_the_probe_follows_a_named_pulse_socket_and_pipewire_remote(short_tmp):
    with serve(short_tmp / "mine"), serve(short_tmp / "pw-custom"):
        env = {"PULSE_SERVER": f"unix:{short_tmp}/mine"}
        assert find_outputs("linux", env, short_tmp) == {"pulse"}
        env = {"XDG_RUNTIME_DIR": str(short_tmp), "PIPEWIRE_REMOTE": "pw-custom"}
        assert find_outputs("linux", env, short_tmp) == {"pipewire"}


def test_describe_players_probes_when_not_told_and_names_each_output():
    text = describe_players(which=which_of("say"), platform="darwin", env={})
    assert text.splitlines() == [
        "Sound output: the Mac's sound output",
        "Tone players: afplay (not installed)",
        "Speech: say (found)",
        "The terminal bell: always there (whether it is heard depends on the terminal)",
    ]
    both = describe_players(
        which=which_of(), platform="win32", outputs=frozenset({"pulse", "alsa"})
    )
    assert both.splitlines()[:3] == [
        "Sound output: a sound card and a PulseAudio sound server",
        "Tone players: none for this system",
        "Speech: none for this system",
    ]


# --------------------------------------------------------------------------------------------
# The bell


class FakeTime:
    def __init__(self):
        self.now = 100.0
        self.rings: list[float] = []
        self.timers: list[list] = []  # [due, fn, cancelled]

    def bell(self):
        self.rings.append(round(self.now - 100.0, 3))

    def schedule(self, delay, fn):
        timer = [self.now + delay, fn, False]
        self.timers.append(timer)

        class Handle:
            def cancel(self):
                timer[2] = True

        return Handle()

    def advance(self, seconds):
        end = self.now + seconds
        for timer in sorted(self.timers, key=lambda t: t[0]):
            if timer[0] <= end and not timer[2]:
                self.now = timer[0]
                timer[2] = True
                timer[1]()
        self.now = end


def bell_player(fake, **kw):
    return make_player("bell", fake.bell, schedule=fake.schedule, clock=lambda: fake.now, **kw)


def rings_for(cue):
    fake = FakeTime()
    bell_player(fake).play(cue)
    fake.advance(5)
    return fake.rings


def test_in_out_and_a_new_step_ring_a_different_number_of_times():
    assert len(rings_for(Cue.IN)) == 1
    assert len(rings_for(Cue.OUT)) == 2
    assert len(rings_for(Cue.STEP)) == 3


def test_every_cue_has_its_own_bell_pattern():
    patterns = {cue: tuple(rings_for(cue)) for cue in Cue}
    assert len(set(patterns.values())) == len(Cue)
    for rings in patterns.values():  # spaced so a terminal does not merge them
        assert all(b - a >= 0.15 for a, b in itertools.pairwise(rings))


def test_play_rings_once_at_once_and_schedules_the_rest():
    fake = FakeTime()
    bell_player(fake).play(Cue.END)
    assert fake.rings == [0.0]
    assert [round(t[0] - 100.0, 3) for t in fake.timers] == list(BELL_PATTERNS[Cue.END][1:])


def test_the_default_bell_schedule_never_blocks_the_caller():
    rings = []
    chosen = make_player("bell", lambda: rings.append(time.monotonic()))
    started = time.monotonic()
    chosen.play(Cue.STEP)
    assert time.monotonic() - started < 0.05
    assert len(rings) == 1
    deadline = time.monotonic() + 3
    while len(rings) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(rings) == 3
    assert rings[2] - rings[0] >= 0.5
    chosen.close()


def test_a_step_and_its_first_in_breath_ring_one_after_the_other():
    fake = FakeTime()
    chosen = bell_player(fake)
    chosen.play(Cue.STEP)
    chosen.play(Cue.IN)  # the same moment
    fake.advance(5)
    assert fake.rings == [0.0, 0.3, 0.6, 1.2]


def test_a_newer_cue_cuts_the_rest_of_an_older_pattern():
    fake = FakeTime()
    chosen = bell_player(fake)
    chosen.play(Cue.END)
    fake.advance(0.5)
    chosen.play(Cue.IN)  # after "Back": the end pattern stops
    fake.advance(5)
    assert fake.rings == [0.0, 0.5]


def test_muted_cues_and_off_make_no_sound():
    fake = FakeTime()
    chosen = bell_player(fake, mute=frozenset({Cue.HALFWAY, Cue.LAST}))
    chosen.play(Cue.HALFWAY)
    chosen.play(Cue.LAST)
    fake.advance(5)
    assert fake.rings == []
    chosen.play(Cue.IN)
    assert len(fake.rings) == 1
    off = make_player("off", fake.bell)
    for cue in Cue:
        off.play(cue, "words")
    fake.advance(5)
    assert len(fake.rings) == 1


def test_a_closed_player_stays_quiet():
    fake = FakeTime()
    chosen = bell_player(fake)
    chosen.play(Cue.END)
    chosen.close()
    chosen.play(Cue.IN)
    fake.advance(5)
    assert fake.rings == [0.0]


# --------------------------------------------------------------------------------------------
# Words


def test_words_are_shortened_when_they_would_outlast_the_phase():
    assert spoken_text(Cue.IN, "Breathe in", 2.5) == "Breathe in"
    assert spoken_text(Cue.IN, "A little more in", 1.0) == "In"  # the cyclic sigh's top-up
    assert spoken_text(Cue.HOLD, None, 4) == "Hold"
    assert spoken_text(Cue.STEP, None) == "Next step"


def test_a_long_step_name_with_its_first_breath_shortens_the_breath_word():
    group = [
        (Cue.STEP, "Rest your hand on your partner's heart", None),
        (Cue.IN, "Breathe in", 2.5),
    ]
    assert words.group_words(group) == "Rest your hand on your partner's heart. In"
    group = [(Cue.STEP, "Breathe together", None), (Cue.IN, "Breathe in", 4.0)]
    assert words.group_words(group) == "Breathe together. Breathe in"


@given(st.text(max_size=300))
def test_spoken_text_is_one_short_line(text):
    said = spoken_text(Cue.STEP, text)
    assert said and "\n" not in said and "\r" not in said and "\x1b" not in said
    assert len(said) <= words.MAX_SPOKEN_CHARS


# --------------------------------------------------------------------------------------------
# Tones


def read_wav(data: bytes) -> tuple[wave._wave_params, list[int]]:
    with wave.open(io.BytesIO(data)) as wav:
        params = wav.getparams()
        frames = wav.readframes(params.nframes)
    return params, list(struct.unpack(f"<{params.nframes}h", frames))


def crossings(values):
    return sum(1 for a, b in itertools.pairwise(values) if a < 0 <= b)


def test_tones_are_short_soft_mono_wav_at_the_stated_rate():
    for cue in Cue:
        params, values = read_wav(tones.render([cue]))
        assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 22050)
        assert 0.2 <= params.nframes / params.framerate <= 2.5
        assert max(abs(v) for v in values) <= 0.36 * 32767  # soft, never full scale
        assert abs(values[0]) < 500 and abs(values[-1]) < 500  # no click at either end


def test_the_in_tone_rises_and_the_out_tone_falls():
    _, breath_in = read_wav(tones.render([Cue.IN]))
    _, breath_out = read_wav(tones.render([Cue.OUT]))
    assert breath_in != breath_out
    half = len(breath_in) // 2
    assert crossings(breath_in[:half]) < crossings(breath_in[half:])
    assert crossings(breath_out[:half]) > crossings(breath_out[half:])


def test_every_cue_has_its_own_tone():
    assert len({tones.render([cue]) for cue in Cue}) == len(Cue)


def test_joined_tones_play_one_after_the_other():
    step, breath_in = (read_wav(tones.render([cue]))[1] for cue in (Cue.STEP, Cue.IN))
    _, joined = read_wav(tones.render([Cue.STEP, Cue.IN]))
    gap = int(tones.GAP_SECONDS * tones.SAMPLE_RATE)
    assert joined == step + [0] * gap + breath_in


#: Every tone, sample for sample (the start of the SHA-256 of its WAV). The tones were chosen by
#: ear, so a change here is a change a person hears: listen (``coreg cues --cues tone``), then
#: update the digest, as with a snapshot.
TONE_DIGESTS = {
    Cue.IN: "58721ef74e9901a6",
    Cue.OUT: "5b7372b378ee1e7e",
    Cue.HOLD: "36a75be95bb2736a",
    Cue.STEP: "7eea5e1a64db2f44",
    Cue.HALFWAY: "a73269f24edb2613",
    Cue.LAST: "8aacad65a64a985e",
    Cue.END: "905221325fbb824c",
    Cue.ROLES: "b471ed4e1962da8f",
}


def test_every_tone_is_the_one_chosen_by_ear():
    digests = {cue: hashlib.sha256(tones.render([cue])).hexdigest()[:16] for cue in Cue}
    assert digests == TONE_DIGESTS


def test_tones_keep_their_length_at_another_sample_rate():
    params, _ = read_wav(tones.render([Cue.IN, Cue.OUT], rate=8000))
    assert params.framerate == 8000
    assert params.nframes == int(0.45 * 8000) * 2 + int(tones.GAP_SECONDS * 8000)


def test_tone_files_are_written_once_into_a_private_folder():
    first = runner.tone_file([Cue.IN])
    written = first.stat().st_mtime_ns
    assert runner.tone_file([Cue.IN]) == first
    assert first.stat().st_mtime_ns == written
    assert stat.S_IMODE(os.stat(first.parent).st_mode) == 0o700
    assert first.read_bytes() == tones.render([Cue.IN])


# --------------------------------------------------------------------------------------------
# Edges the mutation run found loose


def test_cues_asked_for_within_the_gathering_time_ring_one_after_the_other():
    now = [0.0]
    rings: list[float] = []
    timers: list[float] = []
    chosen = make_player(
        "bell",
        lambda: rings.append(now[0]),
        schedule=lambda delay, fn: timers.append(now[0] + delay),
        clock=lambda: now[0],
    )
    chosen.play(Cue.IN)
    now[0] = runner.GATHER_SECONDS  # exactly at the edge: still "together"
    chosen.play(Cue.IN)
    assert rings == [0.0] and timers == [pytest.approx(BELL_GAP)]


def test_a_pending_ring_never_keeps_coreg_from_exiting():
    from coreg.sound import cues

    timer = cues._thread_schedule(60, lambda: None)
    try:
        assert timer.daemon is True
    finally:
        cues._cancel(timer)


def test_closing_stops_a_textual_timer_too():
    stopped = []

    class TextualTimer:  # has stop(), not cancel()
        def stop(self):
            stopped.append(True)

    chosen = make_player("bell", lambda: None, schedule=lambda d, fn: TextualTimer())
    chosen.play(Cue.END)
    chosen.close()
    assert stopped == [True, True]  # the two rings still to come


def test_a_wrong_style_names_what_was_given():
    with pytest.raises(ValueError) as caught:
        parse_style(" Beep ")
    assert str(caught.value) == "' Beep ' is not a cue style: choose bell, tone, voice or off"


def test_every_windows_like_platform_has_no_sound_output_coreg_uses():
    for platform in ("win32", "cygwin", "msys"):
        assert find_outputs(platform, {"PULSE_SERVER": "tcp:host"}) == set()
        assert programs(Style.TONE, platform) == programs(Style.VOICE, platform) == ()


def test_the_probe_reads_a_card_list_with_stray_bytes_and_a_bare_root(tmp_path):
    assert find_outputs("linux", {}, tmp_path) == set()  # no /proc/asound, no /dev/snd
    (tmp_path / "proc/asound").mkdir(parents=True)
    (tmp_path / "proc/asound/cards").write_bytes(b" 0 [Card\xff       ]: HDA \xfe\n")
    assert find_outputs("linux", {}, tmp_path) == {"alsa"}


def test_no_player_named_alone_or_in_a_list():
    none = plan(Style.TONE, which=which_of(), platform="darwin", outputs=frozenset({"coreaudio"}))
    assert none.message == (
        "Cues: no sound player was found (afplay), so coreg rings the terminal bell instead."
    )
    bell = plan(Style.BELL)
    windows = plan(Style.VOICE, platform="win32", outputs=frozenset())
    assert (none.requested, bell.requested, windows.requested) == (
        Style.TONE,
        Style.BELL,
        Style.VOICE,
    )
    found = plan(Style.TONE, which=which_of("aplay"), outputs=frozenset({"alsa"}))
    assert [(f.program.name, f.path) for f in found.chain] == [("aplay", "/fake/bin/aplay")]


def test_describe_players_probes_with_the_environment_it_is_given():
    text = describe_players(
        which=which_of("paplay"), platform="linux", env={"PULSE_SERVER": "tcp:speaker.local"}
    )
    lines = text.splitlines()
    assert "a PulseAudio sound server" in lines[0]
    assert (
        lines[1] == "Tone players: paplay (found), pw-play (not installed), aplay (not installed)"
    )


def test_tone_files_are_wav_files_in_a_folder_named_for_coreg(monkeypatch):
    monkeypatch.setattr(runner, "_tone_dir", None)  # made afresh by this test
    path = runner.tone_file([Cue.STEP, Cue.IN])
    assert path.suffix == ".wav" and path.parent.name.startswith("coreg-tones-")
