"""``coreg sensors``: heart straps. ``scan`` lists the ones in range, ``pair`` ties one to a
partner, ``unpair`` forgets it, and plain ``coreg sensors`` shows what is paired.

Bluetooth is reached only here and in the app, through :mod:`coreg.sensors`; bleak is imported
only when a scan or a pairing by name actually needs the radio.
"""

from __future__ import annotations

import argparse
from typing import TextIO

SCAN_SECONDS = 8.0


def register(subparsers, parents) -> None:
    parser = subparsers.add_parser(
        "sensors",
        parents=parents,
        help="heart straps: scan, pair one to each partner, see what is paired",
        description=(
            "Optional heart straps (any that speaks the standard Heart Rate Service). "
            "Needs the sensors extra: pip install 'coreg[sensors]'."
        ),
    )
    parser.set_defaults(func=show)
    actions = parser.add_subparsers(dest="sensors_command", metavar="ACTION")
    scan_parser = actions.add_parser("scan", help="list the heart straps in range", parents=parents)
    scan_parser.add_argument(
        "--seconds", type=float, default=SCAN_SECONDS, help="how long to look (default 8)"
    )
    scan_parser.set_defaults(func=scan)
    pair_parser = actions.add_parser(
        "pair", help="tie a strap to a partner (by its name in the scan, or its address)"
    )
    pair_parser.add_argument("strap", metavar="NAME", help="the strap's name, or its address")
    pair_parser.add_argument(
        "--for", dest="partner", metavar="PARTNER", required=True, help="whose strap it is"
    )
    pair_parser.set_defaults(func=pair)
    unpair_parser = actions.add_parser("unpair", help="forget a partner's strap")
    unpair_parser.add_argument("partner", metavar="PARTNER")
    unpair_parser.set_defaults(func=unpair)


def _found(seconds: float) -> list:
    """The straps in range, or UserError saying plainly why none could be looked for."""
    from coreg.commands.shared import UserError
    from coreg.sensors import SensorError, find_straps

    try:
        return find_straps(seconds)
    except SensorError as error:
        raise UserError(str(error), code=1) from None


def scan(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from coreg.commands.shared import UserError

    seconds = args.seconds
    if not 1 <= seconds <= 60:
        raise UserError("Look for 1 to 60 seconds (--seconds 8 is usual).")
    print(f"Looking for heart straps for {seconds:g} seconds…", file=out)
    found = _found(seconds)
    if not found:
        raise UserError(
            "No heart strap in range. Wet the strap's pads, put it on (most wake when "
            "worn), and try again.",
            code=1,
        )
    for strap in found:
        signal = f"  signal {strap.rssi} dBm" if strap.rssi is not None else ""
        print(f"  {strap.name or '(no name)'}  {strap.address}{signal}", file=out)
    print("Pair one with: coreg sensors pair NAME --for PARTNER", file=out)
    return 0


def pair(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from coreg.commands.shared import UserError
    from coreg.sensors import HOW_TO_INSTALL, bleak_installed, is_address, pair_strap
    from coreg.settings import load_settings, save_settings

    settings, _ = load_settings()
    wanted = args.strap.strip()
    if is_address(wanted):
        address, name = wanted.upper(), ""
    else:
        if not bleak_installed():
            raise UserError(
                f"Finding a strap by name needs the sensors extra: {HOW_TO_INSTALL}", code=1
            )
        matches = [s for s in _found(SCAN_SECONDS) if s.name.casefold() == wanted.casefold()]
        if not matches:
            raise UserError(
                f"No strap called {wanted!r} in range. 'coreg sensors scan' lists the ones "
                "coreg can see.",
                code=1,
            )
        if len(matches) > 1:
            raise UserError(
                f"More than one strap is called {wanted!r}; pair by address instead: "
                + ", ".join(m.address for m in matches),
                code=1,
            )
        address, name = matches[0].address, matches[0].name
    problem = pair_strap(settings, args.partner, address, name)
    if problem:
        raise UserError(problem)
    save_settings(settings)
    partner = args.partner.strip()
    print(f"{name or address} is {partner}'s strap now.", file=out)
    names = [n for n in settings.names if n]
    if names and partner not in names:
        print(
            f"{partner} is not one of your names ({' and '.join(names)}): the strap shows "
            "only when the name matches.",
            file=out,
        )
    if not bleak_installed():
        print(f"To read it, add the sensors extra: {HOW_TO_INSTALL}", file=out)
    return 0


def unpair(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from coreg.commands.shared import UserError
    from coreg.sensors import unpair_strap
    from coreg.settings import load_settings, save_settings

    settings, _ = load_settings()
    if not unpair_strap(settings, args.partner):
        raise UserError(f"{args.partner.strip()!r} has no strap paired.", code=1)
    save_settings(settings)
    print(f"{args.partner.strip()}'s strap is forgotten.", file=out)
    return 0


def show(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from coreg.sensors import HOW_TO_INSTALL, bleak_installed
    from coreg.settings import load_settings

    settings, notice = load_settings()
    if notice:
        print(notice, file=out)
    if not bleak_installed():
        print(
            f"Heart straps need the sensors extra, which is not installed: {HOW_TO_INSTALL}",
            file=out,
        )
    if not settings.straps:
        print(
            "No strap is paired. Find yours with 'coreg sensors scan', then "
            "'coreg sensors pair NAME --for PARTNER'.",
            file=out,
        )
        return 0
    for partner, strap in settings.straps.items():
        label = f"{strap.get('name')} " if strap.get("name") else ""
        print(f"{partner}: {label}{strap['address']}", file=out)
    return 0
