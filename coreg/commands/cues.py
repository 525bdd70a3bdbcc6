"""``coreg cues``: play each cue once, with its name on screen, to hear them before a session."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

GAP_SECONDS = 2.5  # time to hear one cue before the next (the end chime is the longest)
SAMPLE_STEP = "Hand on heart"  # what a voice says for "new step": a step's name
SAMPLE_ROLES = "Sam leads now, Alex follows."  # what a change of roles says


def register(subparsers, parents) -> None:
    parser = subparsers.add_parser(
        "cues",
        parents=parents,
        help="play each cue once, to hear what a session will sound like",
        description=(
            "Play each cue once with its name on screen: the in-breath, the out-breath, a "
            "hold, a new step, halfway, the last seconds and the end."
        ),
    )
    parser.add_argument(
        "--cues",
        metavar="STYLE",
        default=None,
        help="bell, tone, voice or off (default: $COREG_CUES, else bell)",
    )
    parser.set_defaults(func=run)


def run(
    args: argparse.Namespace,
    *,
    out: TextIO | None = None,
    sleep=time.sleep,
) -> int:
    from coreg.commands.shared import UserError
    from coreg.library import Cue
    from coreg.sound import LABELS, WORDS, Style, default_style, make_player, parse_style

    out = out or sys.stdout
    try:
        style = parse_style(args.cues) if args.cues is not None else default_style()
    except ValueError as error:
        raise UserError(str(error)) from None

    def bell() -> None:
        out.write("\a")
        out.flush()

    player = make_player(style, bell)
    print(player.message, file=out, flush=True)
    if player.style is Style.OFF:
        return 0
    words = {**WORDS, Cue.STEP: SAMPLE_STEP, Cue.ROLES: SAMPLE_ROLES}
    try:
        for cue in Cue:
            line = f"  {LABELS[cue]}"
            if player.style is Style.VOICE:
                line = f"{line:<16}“{words[cue]}”"
            print(line, file=out, flush=True)
            player.play(cue, words[cue])
            sleep(GAP_SECONDS)
    finally:
        player.close()
    print("That is every cue. The same ones sound during a session.", file=out)
    return 0
