"""The quick check and the reader agree on rows that take the quick check's slow paths: records
that are mappings but not dicts, check-ins at the edges of distress, partners with bad check-ins.
"""

from __future__ import annotations

from collections import OrderedDict
from enum import IntEnum
from types import MappingProxyType
from typing import Any

import pytest

from coreg.log import checks
from coreg.log.check import readable
from tests.test_log_check import base_row, full_reader_reads


class Level(IntEnum):
    LOW = 2


def proxy_partner(name: str = "Alex", **checkins: Any) -> MappingProxyType:
    return MappingProxyType({"name": name, "before": None, "after": None, **checkins})


def row_with(partner: Any) -> dict[str, Any]:
    row = base_row()
    row["partners"][1] = partner
    return row


def before(checkin: Any) -> dict[str, Any]:
    row = base_row()
    row["partners"][0]["before"] = checkin
    return row


class Rows(list):
    pass


def changed(**changes: Any) -> dict[str, Any]:
    row = base_row()
    row.update(changes)
    return row


def partners(*values: Any) -> dict[str, Any]:
    return changed(partners=list(values))


GOOD = {"name": "Kim", "before": {"distress": 4}, "after": None}
FLAT = {f"k{n}": n for n in range(checks.MAX_ITEMS - 1)}
PROXY = MappingProxyType
CASES = [
    ("a session of no seconds", changed(seconds=0), True),
    ("no partners", {k: v for k, v in base_row().items() if k != "partners"}, True),
    ("details in an OrderedDict", changed(details=OrderedDict(a=1)), True),
    ("partners in a list subclass", changed(partners=Rows(base_row()["partners"])), True),
    ("16 partners", partners(*[GOOD] * checks.MAX_PARTNERS), True),
    ("17 partners", partners(*[GOOD] * (checks.MAX_PARTNERS + 1)), False),
    ("an id with a lone surrogate", changed(id="ab\ud800cd"), False),
    ("an exercise id with a lone surrogate", changed(exercise_id="x\udfff"), False),
    ("a note at the limit", changed(note="n" * checks.MAX_TEXT), True),
    ("a note past the limit", changed(note="n" * (checks.MAX_TEXT + 1)), False),
    ("details with a lone surrogate", changed(details={"a": "\ud800"}), False),
    (
        "an OrderedDict of details with a lone surrogate",
        changed(details=OrderedDict(a="\ud800")),
        False,
    ),
    ("nested details", changed(details={"a": {"b": [1, "x"]}}), True),
    ("details at the most values", changed(details=FLAT), True),
    ("details past the most values", changed(details={**FLAT, "one more": 1}), False),
    (
        "a mapping partner, then a bad one",
        partners(proxy_partner(), dict(GOOD, after={"distress": 11})),
        False,
    ),
    (
        "a mapping check-in, then a bad one",
        partners(dict(GOOD, before=PROXY({"distress": 1}), after={"distress": 11})),
        False,
    ),
    (
        "an int-like distress, then a bad state",
        partners(dict(GOOD, before={"distress": Level.LOW}, after={"state": "angry"})),
        False,
    ),
    ("a mapping row", MappingProxyType(base_row()), True),
    ("no ending", {k: v for k, v in base_row().items() if k != "ending"}, False),
    ("a mapping partner", row_with(proxy_partner()), True),
    ("a list for a partner", row_with(["Alex"]), False),
    ("a mapping partner, name at the limit", row_with(proxy_partner("a" * checks.MAX_TEXT)), True),
    ("a mapping partner, name too long", row_with(proxy_partner("a" * 10_001)), False),
    ("a mapping partner, bad before", row_with(proxy_partner(before={"distress": 11})), False),
    ("a mapping partner, bad after", row_with(proxy_partner(after={"state": "x"})), False),
    ("a mapping partner, good check-ins", row_with(proxy_partner(after={"distress": 0})), True),
    ("a mapping check-in", before(PROXY({"distress": 3, "state": "safe"})), True),
    ("a mapping check-in, no state", before(PROXY({"distress": 3})), True),
    ("a mapping check-in, unknown state", before(PROXY({"state": "angry"})), False),
    ("a mapping check-in, state not text", before(PROXY({"state": 3})), False),
    ("a mapping check-in, distress 0", before(PROXY({"distress": 0})), True),
    ("a mapping check-in, distress 10", before(PROXY({"distress": 10})), True),
    ("a mapping check-in, distress 11", before(PROXY({"distress": 11})), False),
    ("a mapping check-in, distress -1", before(PROXY({"distress": -1})), False),
    ("a mapping check-in, distress True", before(PROXY({"distress": True})), False),
    ("an int-like distress", before({"distress": Level.LOW}), True),
    ("a check-in that is a list", before([3]), False),
]


@pytest.mark.parametrize(("row", "reads"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_quick_check_agrees_with_the_reader_on_unusual_rows(row, reads):
    assert full_reader_reads(row) is reads
    assert readable(row) is reads
