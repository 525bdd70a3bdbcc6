"""The words a voice says, fitted to the time there is: the length guess, when words are
shortened, how cues said together are joined, and when a step's parts are read."""

from __future__ import annotations

import pytest

from coreg.library import Cue
from coreg.sound import speech_seconds, spoken_text
from coreg.sound.words import MAX_SPOKEN_CHARS, PARTS_MARGIN, group_words, joined, with_parts


@pytest.mark.parametrize(
    ("text", "measured"),  # espeak-ng 1.51 at 175 words a minute (benchmarks/cues.py)
    [("In", 0.25), ("Breathe in", 0.51), ("Thirty seconds left", 1.21)],
)
def test_the_length_guess_errs_long_but_not_by_much(text, measured):
    assert measured <= speech_seconds(text) <= measured + 0.3


def test_a_sentence_end_and_a_comma_or_colon_each_add_a_pause():
    plain = speech_seconds("In  Out")  # the same length, no pause
    for stop in ".?!":
        assert speech_seconds(f"In{stop} Out") == pytest.approx(plain + 0.2)
    for mark in ",:;":
        assert speech_seconds(f"In{mark} Out") == pytest.approx(plain + 0.3)


def test_words_that_just_fit_are_said_whole():
    fits = speech_seconds("Breathe out")
    assert spoken_text(Cue.OUT, "Breathe out", fits) == "Breathe out"
    assert spoken_text(Cue.OUT, "Breathe out", fits - 0.01) == "Out"
    assert spoken_text(Cue.STEP, "Hand on heart", 0.1) == "Hand on heart"  # no short form


def test_text_that_is_only_control_characters_says_the_cue_itself():
    assert spoken_text(Cue.IN, "\x1b\x07 \t") == "Breathe in"
    assert spoken_text(Cue.HOLD, "") == "Hold"
    assert spoken_text(Cue.IN, "a\x1b[2Jb") == "a [2Jb"


def test_cues_said_together_are_one_sentence_after_another():
    assert joined(["Swap hands", "Breathe in"]) == "Swap hands. Breathe in"
    assert joined(["Well done!", "Rest"]) == "Well done! Rest"
    assert joined(["Ready?", "Begin."]) == "Ready? Begin."
    assert joined(["A", "B", "C"]) == "A. B. C"


def test_a_change_of_roles_is_cut_to_its_first_clause_only_when_it_must_be():
    roles = (Cue.ROLES, "Alex leads now, Sam follows.", None)
    assert group_words([roles, (Cue.IN, "Breathe in", 3.0)]) == (
        "Alex leads now, Sam follows. Breathe in"
    )
    assert group_words([roles, (Cue.IN, "Breathe in", 2.5)]) == "Alex leads now, Sam follows. In"
    assert group_words([roles, (Cue.IN, "Breathe in", 1.0)]) == "Alex leads now. In"


def test_parts_are_read_after_the_last_of_the_step_and_the_roles():
    group = [
        (Cue.STEP, "Hand on heart", None),
        (Cue.ROLES, "Alex holds now, Sam rests.", None),
        (Cue.IN, "Breathe in", None),
    ]
    said = with_parts(group, "Alex: rest your hand.", room=None)
    assert [text for _, text, _ in said] == [
        "Hand on heart",
        "Alex holds now, Sam rests. Alex: rest your hand.",
        "Breathe in",
    ]
    assert with_parts(group, "", room=None) == group
    breath = [(Cue.IN, "Breathe in", 4.0)]
    assert with_parts(breath, "Alex: rest your hand.", room=None) == breath


def test_parts_are_read_only_with_a_second_to_spare():
    group = [(Cue.STEP, "Talk", None)]
    parts = "Alex: speak. Sam: listen."
    needed = speech_seconds(joined(["Talk", parts])) + PARTS_MARGIN
    assert with_parts(group, parts, room=needed)[0][1] == "Talk. Alex: speak. Sam: listen."
    assert with_parts(group, parts, room=needed - 0.01) == group


def test_parts_up_to_the_spoken_limit_are_read_and_longer_ones_left_out():
    group = [(Cue.STEP, "Talk", None)]
    room = MAX_SPOKEN_CHARS - len("Talk. ")
    assert len(with_parts(group, "x" * room, room=None)[0][1]) == MAX_SPOKEN_CHARS
    assert with_parts(group, "x" * (room + 1), room=None) == group


def test_cues_said_together_that_just_fit_are_not_shortened():
    whole = "Alex leads now, Sam follows. Breathe in"
    roles = (Cue.ROLES, "Alex leads now, Sam follows.", None)
    assert group_words([roles, (Cue.IN, "Breathe in", speech_seconds(whole))]) == whole
    short = "Alex leads now, Sam follows. In"
    assert group_words([roles, (Cue.IN, "Breathe in", speech_seconds(short))]) == short
