"""Falling back when a player fails, on a fake runner: the next cue is heard through the next
player (voice, then tone, then the bell), the failed one is closed, and the user is told once.
No process starts and no clock is read."""

from __future__ import annotations

from coreg.library import Cue
from coreg.sound import Style
from coreg.sound.cues import TONE_TIMEOUT, VOICE_TIMEOUT, CuePlayer, make_player
from coreg.sound.players import Found, plan


class FakeRunner:
    def __init__(self, found: Found, timeout: float) -> None:
        self.found, self.timeout = found, timeout
        self.failed = False
        self.heard: list[tuple[Cue, str, float | None]] = []
        self.closed = False

    def submit(self, cue: Cue, text: str = "", seconds: float | None = None) -> None:
        self.heard.append((cue, text, seconds))

    def close(self) -> None:
        self.closed = True


class Made:
    def __init__(self) -> None:
        self.runners: list[FakeRunner] = []
        self.rings = 0
        self.now = 0.0  # the bell's clock

    def runner(self, found: Found, timeout: float) -> FakeRunner:
        self.runners.append(FakeRunner(found, timeout))
        return self.runners[-1]

    def bell(self) -> None:
        self.rings += 1


def cue_player(made: Made, style: str, have: tuple[str, ...], **kw) -> CuePlayer:
    chosen = plan(
        Style(style),
        which=lambda name: f"/fake/bin/{name}" if name in have else None,
        platform="linux",
        outputs=frozenset({"pulse"}),
    )
    return CuePlayer(
        chosen,
        made.bell,
        runner=made.runner,
        schedule=lambda d, fn: None,
        clock=lambda: made.now,
        **kw,
    )


def test_when_the_voice_fails_the_next_cue_is_heard_as_a_tone_then_as_the_bell():
    made, changes = Made(), []
    player = cue_player(made, "voice", ("espeak-ng", "paplay"), on_change=changes.append)
    player.play(Cue.IN, "Breathe in", 4.0)
    voice = made.runners[0]
    assert voice.heard == [(Cue.IN, "Breathe in", 4.0)]

    voice.failed = True
    player.play(Cue.OUT, "Breathe out", 4.0)
    tone = made.runners[1]
    assert voice.closed  # nothing of the failed player is left running
    assert tone.found.program.name == "paplay" and tone.heard == [(Cue.OUT, "", None)]
    assert (player.style, player.program) == (Style.TONE, "paplay")
    assert player.requested is Style.VOICE
    assert changes == [
        "Cues: espeak-ng could not play a sound, so coreg plays soft tones with paplay instead."
    ]
    assert player.message == changes[-1]

    tone.failed = True
    player.play(Cue.STEP, "Next")
    assert tone.closed and made.rings == 1  # the first ring of three, now
    assert (player.style, player.program) == (Style.BELL, None)
    assert changes[-1] == (
        "Cues: paplay could not play a sound, so coreg rings the terminal bell instead."
    )
    assert len(made.runners) == 2 and len(changes) == 2
    made.now += 5
    player.play(Cue.IN)
    assert made.rings == 2 and len(changes) == 2  # the bell does not fail


def test_a_second_speech_program_takes_over_the_words():
    made = Made()
    player = cue_player(made, "voice", ("espeak-ng", "espeak", "paplay"))
    made.runners[0].failed = True
    player.play(Cue.IN, "A little more in", 1.0)
    first, second = made.runners
    assert second.found.program.name == "espeak"
    assert second.heard == [(Cue.IN, "In", 1.0)]  # still words, shortened to fit the second
    assert first.heard == []
    assert player.style is Style.VOICE
    assert player.message == (
        "Cues: espeak-ng could not play a sound, so coreg speaks the cues with espeak instead."
    )


def test_a_player_that_works_is_kept():
    made = Made()
    player = cue_player(made, "voice", ("espeak-ng", "paplay"))
    for cue in (Cue.IN, Cue.OUT, Cue.IN):
        player.play(cue, "words")
    assert len(made.runners) == 1 and len(made.runners[0].heard) == 3
    assert player.message == "Cues: voice, spoken by espeak-ng."


def test_falling_back_with_no_one_to_tell_is_quiet():
    made = Made()
    player = cue_player(made, "tone", ("paplay", "aplay"))
    made.runners[0].failed = True
    player.play(Cue.IN)  # on_change is None: play never raises
    assert made.runners[1].found.program.name == "aplay"
    assert made.runners[1].heard == [(Cue.IN, "", None)]


def test_each_player_gets_the_timeout_for_its_kind_unless_one_is_given():
    made = Made()
    player = cue_player(made, "voice", ("espeak-ng", "paplay"))
    made.runners[0].failed = True
    player.play(Cue.IN, "Breathe in")
    assert [r.timeout for r in made.runners] == [VOICE_TIMEOUT, TONE_TIMEOUT]
    assert VOICE_TIMEOUT > TONE_TIMEOUT  # words take longer than a tone
    made = Made()
    player = cue_player(made, "voice", ("espeak-ng", "paplay"), timeout=1.5)
    made.runners[0].failed = True
    player.play(Cue.IN, "Breathe in")
    assert [r.timeout for r in made.runners] == [1.5, 1.5]


def test_closing_the_cue_player_closes_its_runner():
    made = Made()
    player = cue_player(made, "tone", ("paplay",))
    player.close()
    assert made.runners[0].closed
    player.play(Cue.IN)
    assert made.runners[0].heard == []


def test_make_player_hands_its_timeout_runner_and_listener_to_the_cue_player():
    made, changes = Made(), []
    player = make_player(
        "voice",
        made.bell,
        which=lambda name: f"/fake/bin/{name}" if name in ("espeak-ng", "paplay") else None,
        platform="linux",
        probe=lambda: frozenset({"pulse"}),
        on_change=changes.append,
        timeout=1.5,
        runner=made.runner,
    )
    made.runners[0].failed = True
    player.play(Cue.IN, "Breathe in")
    assert [(r.found.program.name, r.timeout) for r in made.runners] == [
        ("espeak-ng", 1.5),
        ("paplay", 1.5),
    ]
    assert changes == [player.message]


def test_make_player_looks_for_sound_on_the_platform_it_is_told():
    made = Made()
    mac = make_player(
        "voice", made.bell, which=lambda n: f"/usr/bin/{n}", platform="darwin", env={},
        runner=made.runner,
    )  # fmt: skip
    assert mac.program == "say" and made.runners[0].found.path == "/usr/bin/say"
    linux = make_player(
        "tone", made.bell, which=lambda n: f"/usr/bin/{n}" if n == "paplay" else None,
        platform="linux", env={"PULSE_SERVER": "tcp:speaker.local"}, runner=made.runner,
    )  # fmt: skip
    assert linux.program == "paplay"
