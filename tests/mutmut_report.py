"""Per-package mutation scores from the last ``mutmut run``s, and the accepted survivors.

Run from the checkout after the ``mutmut run`` commands in docs/testing.md::

    python tests/mutmut_report.py            # the table of scores
    python tests/mutmut_report.py --accepted # also rewrite tests/mutmut-accepted.md

A package with no results in this checkout's ``mutants/`` keeps its section of the accepted list.

A survivor is *accepted* only when its whole change is to the words of a string (mutmut's
``"XX…XX"`` wrapping, or the string's case): the text a person reads, never what coreg does.
Everything else that survives counts against the score.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("library", "timing", "log", "pause", "sound", "sensors")
KILLED = {"killed", "timeout", "segfault"}  # a test failed, or the mutant never finished


def results(package: str) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for meta in sorted((ROOT / "mutants" / "coreg" / package).glob("*.meta")):
        found.update(json.loads(meta.read_text())["exit_code_by_key"])
    return found


def diff(name: str, package: str) -> tuple[list[str], list[str]]:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    module = name.split(".x")[0] if ".x_" in name else name.split(".xǁ")[0]
    path = Path(*module.split(".")).with_suffix(".py")
    shown = get_diff_for_mutant(name, path=path)
    lines = shown.splitlines()
    old = [ln[1:].strip() for ln in lines if ln.startswith("-") and not ln.startswith("---")]
    new = [ln[1:].strip() for ln in lines if ln.startswith("+") and not ln.startswith("+++")]
    return old, new


_STRING = re.compile(r"""(f?)(["'])(.*?)\2""")


def text_only(old: list[str], new: list[str]) -> str | None:
    """The words changed, when the change is only inside string literals ("XX" added, or the
    case changed) and those are words for a person; else None."""
    changed = None
    if not old or len(old) != len(new):
        return None
    for before, after in zip(old, new, strict=True):
        if _STRING.sub("S", before) != _STRING.sub("S", after):
            return None
        strings = zip(_STRING.findall(before), _STRING.findall(after), strict=False)
        for (_, _, a), (_, _, b) in strings:
            if a == b:
                continue
            wrapped = b == f"XX{a}XX"
            recased = a.lower() == b.lower()
            if not (wrapped or recased):
                return None
            if len(re.findall(r"[A-Za-z]{2,}", a)) < 3 or a.count(" ") < 2:
                return None  # a key, a symbol, a format or a name: not a sentence for a person
            changed = a
    return changed


def sections(text: str) -> dict[str, list[str]]:
    """The accepted list's lines under each "## coreg.<package>" heading."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("## coreg."):
            current = found.setdefault(line.removeprefix("## coreg.").strip(), [])
        elif current is not None:
            current.append(line)
    return found


def main() -> None:
    os.chdir(ROOT)  # mutmut reads its settings from the checkout's pyproject.toml
    write = "--accepted" in sys.argv
    accepted_file = ROOT / "tests" / "mutmut-accepted.md"
    # a package not run in this checkout keeps the accepted list of its last run
    kept = sections(accepted_file.read_text()) if accepted_file.exists() else {}
    accepted_lines = ["# Accepted mutmut survivors", ""]
    accepted_lines.append(
        "Each changes only the words (or their case) of a message a person reads; what coreg "
        "does is the same. They are counted as survivors in docs/testing.md all the same."
    )
    print(
        "| package | mutants | killed | survived | no tests | accepted (text) | score | "
        "score without accepted |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for package in PACKAGES:
        found = results(package)
        from mutmut.stats import status_by_exit_code

        statuses = [status_by_exit_code[code] for code in found.values()]
        counts = Counter("killed" if status in KILLED else status for status in statuses)
        total = len(found)
        if not total or counts.get("not checked", 0) == total:
            print(f"| {package} | {total} | not run | | | | | |")
            if kept.get(package):
                accepted_lines += ["", f"## coreg.{package}", *kept[package]]
                while accepted_lines[-1] == "":
                    accepted_lines.pop()
            continue
        texts = []
        words: dict[str, set[str]] = defaultdict(set)
        if write:
            for name, code in found.items():
                if code == 0 and (changed := text_only(*diff(name, package))):
                    texts.append(name)
                    words[name.split("__mutmut_")[0]].add(changed)
        by_function = defaultdict(list)
        for name in texts:
            by_function[name.split("__mutmut_")[0]].append(name.rsplit("_", 1)[1])
        if texts:
            accepted_lines += ["", f"## coreg.{package}", ""]
            for function, numbers in sorted(by_function.items()):
                quoted = "; ".join(f"“{w[:70]}”" for w in sorted(words[function]))
                accepted_lines.append(
                    f"- `{function}` mutants {', '.join(numbers)}: only the words (or their "
                    f"case) of {quoted} change; what it decides and returns does not."
                )
        killed = counts.get("killed", 0)
        checked = total - counts.get("not checked", 0)
        score = 100 * killed / checked
        rest = 100 * killed / (checked - len(texts)) if write else float("nan")
        print(
            f"| {package} | {checked} | {killed} | {counts.get('survived', 0)} | "
            f"{counts.get('no tests', 0)} | {len(texts) if write else '-'} | {score:.1f}% | "
            f"{rest:.1f}% |"
        )
    if write:
        accepted_file.write_text("\n".join(accepted_lines) + "\n")


if __name__ == "__main__":
    main()
