"""Test configuration: Hypothesis profiles.

* ``default`` — random examples, no per-example deadline (exact rational arithmetic is not fast, and
  timing belongs in benchmarks, not in tests);
* ``ci`` (chosen when ``CI`` is set) — the same, derandomised, so a landing run is reproducible.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")
