"""Soft tones for the cues, made as WAV data by coreg itself: no sound files to ship.

Each cue has its own shape, so it can be told apart with eyes closed: the in-breath rises,
the out-breath falls, a hold is one low steady note, a new step is a two-note chime, and the
end is a slow three-note chime that comes down to rest, and a change of roles goes high,
low, high, like a call and its answer. Standard library only.
"""

from __future__ import annotations

import io
import math
import struct
import wave
from collections.abc import Sequence
from dataclasses import dataclass

from coreg.library import Cue

SAMPLE_RATE = 22050
VOLUME = 0.35  # of full scale: soft, never startling
GAP_SECONDS = 0.15  # silence between tones joined into one sound


@dataclass(frozen=True)
class Note:
    """A sine note that glides from ``start_hz`` to ``end_hz``, with a soft rise and fall."""

    start_hz: float
    end_hz: float
    seconds: float
    at: float = 0.0  # when it starts, from the start of the sound
    ring: bool = False  # a bell's decay instead of a flat middle

    @property
    def end(self) -> float:
        return self.at + self.seconds


# Glides are on a musical scale (A4 = 440 Hz); chimes use the notes of a major chord.
SHAPES: dict[Cue, tuple[Note, ...]] = {
    Cue.IN: (Note(392.0, 587.3, 0.45),),  # G4 rising to D5
    Cue.OUT: (Note(587.3, 392.0, 0.45),),  # D5 falling to G4
    Cue.HOLD: (Note(440.0, 440.0, 0.3),),  # one level A4
    Cue.STEP: (Note(659.3, 659.3, 0.5, ring=True), Note(880.0, 880.0, 0.6, at=0.18, ring=True)),
    Cue.HALFWAY: (Note(523.3, 523.3, 0.35, ring=True), Note(523.3, 523.3, 0.35, 0.3, True)),
    Cue.LAST: (
        Note(784.0, 784.0, 0.16),
        Note(784.0, 784.0, 0.16, at=0.24),
        Note(784.0, 784.0, 0.16, at=0.48),
    ),
    Cue.ROLES: (  # high, low, high: a call and an answer, the parts changing hands
        Note(784.0, 784.0, 0.3, ring=True),
        Note(523.3, 523.3, 0.3, at=0.22, ring=True),
        Note(784.0, 784.0, 0.4, at=0.44, ring=True),
    ),
    Cue.END: (
        Note(784.0, 784.0, 0.9, ring=True),
        Note(659.3, 659.3, 0.9, at=0.35, ring=True),
        Note(523.3, 523.3, 1.2, at=0.7, ring=True),
    ),
}


def _note_samples(note: Note, rate: int) -> list[float]:
    count = int(note.seconds * rate)
    attack = min(int(0.02 * rate), count // 4)  # 20 ms: no click at the start
    release = min(int(0.06 * rate), count // 3)  # 60 ms: no click at the end
    phase = 0.0
    out = []
    for i in range(count):
        t = i / count
        freq = note.start_hz * (note.end_hz / note.start_hz) ** t  # a glide even to the ear
        phase += 2 * math.pi * freq / rate
        level = math.exp(-4.0 * t) if note.ring else 1.0  # a bell fades; a breath tone stays
        if i < attack:
            level *= i / attack
        elif i >= count - release:
            level *= (count - i) / release
        # A quiet octave above makes it rounder than a bare sine.
        out.append(level * (0.8 * math.sin(phase) + 0.2 * math.sin(2 * phase)))
    return out


def samples(cue: Cue, rate: int = SAMPLE_RATE) -> list[float]:
    """The sound of one cue as floats in -1..1 (notes that overlap are mixed)."""
    notes = SHAPES[cue]
    length = int(max(note.end for note in notes) * rate)
    mix = [0.0] * length
    for note in notes:
        start = int(note.at * rate)
        for i, value in enumerate(_note_samples(note, rate)):
            if start + i < length:
                mix[start + i] += value
    peak = max((abs(v) for v in mix), default=0.0)
    scale = VOLUME / peak if peak else 0.0
    return [v * scale for v in mix]


def to_wav(values: Sequence[float], rate: int = SAMPLE_RATE) -> bytes:
    """16-bit mono PCM in a WAV container."""
    frames = struct.pack(
        f"<{len(values)}h", *(round(max(-1.0, min(1.0, v)) * 32767) for v in values)
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


def render(cues: Sequence[Cue], rate: int = SAMPLE_RATE) -> bytes:
    """The WAV data of one cue, or of several played one after the other (a step, then "in")."""
    joined: list[float] = []
    for index, cue in enumerate(cues):
        if index:
            joined.extend([0.0] * int(GAP_SECONDS * rate))
        joined.extend(samples(cue, rate))
    return to_wav(joined, rate)
