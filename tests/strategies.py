"""The tests' strategies are perfrules' public ones (``perfrules.testing.strategies``), with the
modules' helper constants too (``REMARKED_ACTUAL``, ``COMPOUND_TARGET`` …).

Import from a test file with::

    import strategies as S   # tests/ is put on sys.path by conftest.py
"""

from perfrules.testing import models, notation, numbers

for _module in (numbers, notation, models):
    globals().update({name: value for name, value in vars(_module).items() if not name.startswith("__")})
