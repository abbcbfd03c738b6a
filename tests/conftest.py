"""Test configuration: Hypothesis profiles.

* ``default`` — random examples, no per-example deadline (exact rational arithmetic is not fast, and
  timing belongs in benchmarks, not in tests);
* ``ci`` (chosen when ``CI`` is set) — the same, derandomised, so a landing run is reproducible;
* ``mutation`` (chosen under mutmut, which sets ``MUTANT_UNDER_TEST``) — derandomised, few examples,
  and no complaint that mutmut's trampolines call a test from more than one executor.
"""

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "mutation",
    deadline=None,
    derandomize=True,
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors, HealthCheck.filter_too_much],
)
# the tests' own helpers (strategies, workbooks) import as top-level modules
sys.path.insert(0, str(Path(__file__).parent))

if "MUTANT_UNDER_TEST" in os.environ:
    settings.load_profile("mutation")
else:
    settings.load_profile("ci" if os.environ.get("CI") else "default")
