"""Hypothesis profiles: the same examples on every CI run, many more by hand.

``ci`` (the default) is derandomised: every run draws the same examples, so a failure is a real
regression that fails again on the next run, never an intermittent red. ``wide`` is random and
ten times bigger, for hunting by hand::

    HYPOTHESIS_PROFILE=wide python -m pytest tests/test_timeline_properties.py

A failure under ``wide`` prints a ``@reproduce_failure`` blob; add the example as a test.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

WIDE_FACTOR = 10

settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile(
    "wide",
    derandomize=False,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


def examples(n: int) -> int:
    """``n`` examples for a test in CI; ten times as many in the ``wide`` profile."""
    return n * WIDE_FACTOR if PROFILE == "wide" else n
