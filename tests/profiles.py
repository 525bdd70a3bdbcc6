"""Hypothesis profiles: the same examples on every CI run, many more by hand.

``ci`` (the default) is derandomised: every run draws the same examples, so a failure is a real
regression that fails again on the next run, never an intermittent red. ``wide`` is random and
ten times bigger, for hunting by hand::

    HYPOTHESIS_PROFILE=wide python -m pytest tests/test_timeline_properties.py

A failure under ``wide`` prints a ``@reproduce_failure`` blob; add the example as a test.

``mutmut`` is ``ci`` with a fifth of the examples, for mutation runs (every mutant reruns the
tests that reach it): fewer examples can only kill fewer mutants, so its score is a floor.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

WIDE_FACTOR = 10

# too_slow is a property of the machine, not of the code: a busy CI must not fail on it
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "wide",
    derandomize=False,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("mutmut", parent=settings.get_profile("ci"))
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


def examples(n: int) -> int:
    """``n`` examples for a test in CI; ten times as many in ``wide``, a fifth in ``mutmut``."""
    if PROFILE == "wide":
        return n * WIDE_FACTOR
    if PROFILE == "mutmut":
        return max(10, n // 5)
    return n
