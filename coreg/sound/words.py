"""What a voice says for each cue, and the names a person reads for them.

Spoken words are fitted to the phase they announce: a long sentence becomes "In" when the
in-breath is one second long.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coreg.library import Cue

MAX_SPOKEN_CHARS = 400  # a step's two parts, read after the names, fit; a runaway text does not

#: The words a voice says when the timeline gives none.
WORDS: dict[Cue, str] = {
    Cue.IN: "Breathe in",
    Cue.OUT: "Breathe out",
    Cue.HOLD: "Hold",
    Cue.STEP: "Next step",
    Cue.HALFWAY: "Halfway",
    Cue.LAST: "Thirty seconds left",
    Cue.END: "That's the end. Well done.",
    Cue.ROLES: "Change roles",
}

#: Shorter words for a breath phase too short for the usual ones (a one-second top-up).
SHORT_WORDS: dict[Cue, str] = {Cue.IN: "In", Cue.OUT: "Out", Cue.HOLD: "Hold"}

#: Names a person reads for each cue (``coreg cues``, settings).
LABELS: dict[Cue, str] = {
    Cue.IN: "in-breath",
    Cue.OUT: "out-breath",
    Cue.HOLD: "hold",
    Cue.STEP: "new step",
    Cue.HALFWAY: "halfway",
    Cue.LAST: "last seconds",
    Cue.END: "the end",
    Cue.ROLES: "change of roles",
}


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def speech_seconds(text: str) -> float:
    """About how long a voice takes to say ``text`` at SPEECH_RATE, erring long.

    Fitted to espeak-ng 1.51 at 175 words a minute with ``-z`` (benchmarks/cues.py checks it):
    "In" 0.25 s, "Breathe in" 0.51 s, "Thirty seconds left" 1.21 s. A sentence's end and a
    comma or colon each add a pause: the parts read after the names ("Alex: rest your hand…,
    Sam: …") are full of them.
    """
    sentences = text.count(". ") + text.count("? ") + text.count("! ")
    return 0.2 + 0.055 * len(text) + 0.2 * sentences + 0.3 * len(_PAUSES.findall(text))


_PAUSES = re.compile(r"[,:;]")


def spoken_text(cue: Cue, text: str | None = None, seconds: float | None = None) -> str:
    """The words for a cue, on one line; shortened ("In") when they would outlast the phase."""
    words = " ".join(_CONTROL.sub(" ", text if text is not None else WORDS[cue]).split())
    words = words[:MAX_SPOKEN_CHARS] or WORDS[cue]
    if seconds is not None and cue in SHORT_WORDS and speech_seconds(words) > seconds:
        words = SHORT_WORDS[cue]
    return words


def joined(texts: Sequence[str]) -> str:
    """'Swap hands', 'Breathe in' → 'Swap hands. Breathe in' (one utterance, no overlap)."""
    parts = [t if t.endswith((".", "!", "?")) else t + "." for t in texts[:-1]]
    return " ".join([*parts, texts[-1]])


# The length guess can be half a second short on a long text; parts leave a second spare.
PARTS_MARGIN = 1.0

Said = tuple[Cue, str, float | None]  # a cue, its words, the length of the phase it announces


def group_words(group: Sequence[Said]) -> str:
    """Cues asked for together as one utterance, shortened if it would outlast the shortest
    phase among them: breath words first ("In"), then a change of roles to its first clause
    ("Sam leads now")."""
    texts = [text for _, text, _ in group]
    room = min((seconds for _, _, seconds in group if seconds is not None), default=None)
    if room is not None and speech_seconds(joined(texts)) > room:
        texts = [SHORT_WORDS.get(cue, text) for cue, text, _ in group]
    if room is not None and speech_seconds(joined(texts)) > room:
        texts = [
            text.split(",")[0] + "." if cue is Cue.ROLES else text
            for (cue, _, _), text in zip(group, texts, strict=True)
        ]
    return joined(texts)


def with_parts(group: Sequence[Said], parts: str, room: float | None) -> list[Said]:
    """A new step's cues with its parts ("Alex: rest your hand…. Sam: lay…") read after the
    step's name and the change of roles, when everything fits before the next cue, ``room``
    seconds away (None: nothing follows until a key is pressed). When it would not fit, the
    parts are left out: the roles alone are said, and speech never runs over a breath cue."""
    said = list(group)
    where = max(
        (i for i, (cue, _, _) in enumerate(said) if cue in (Cue.STEP, Cue.ROLES)), default=None
    )
    if not parts or where is None:
        return said
    cue, text, seconds = said[where]
    said[where] = (cue, joined([text, parts]), seconds)
    if len(said[where][1]) > MAX_SPOKEN_CHARS:  # never cut off in the middle of a part
        return list(group)
    if room is not None and speech_seconds(joined([t for _, t, _ in said])) + PARTS_MARGIN > room:
        return list(group)
    return said


def as_argument(text: str) -> str:
    """Words that start with '-' would be read as an option: a leading space keeps them words."""
    return " " + text if text.startswith("-") else text
