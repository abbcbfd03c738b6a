"""Public hypothesis strategies and exact oracles for rubric and plugin authors (``pip install perfrules[testing]``).

    >>> from hypothesis import given
    >>> from perfrules.testing import strategies as prs
    >>> @given(prs.self_evaluations())
    ... def test_my_rubric_scores_within_its_base(se):      # a property a plugin checks on itself
    ...     assert 0 <= perfrules.evaluate(MY_RUBRIC, se).total <= MY_RUBRIC.base   # doctest: +SKIP

Numbers are drawn from integers (no float reaches perfrules); trees' points add up to their
blocks'; targets and actuals come in every direction, unit and wording perfrules reads. The oracles
(:func:`oracle_round`, :func:`half_up_2`, :class:`LeafSpec` and its expected score) are written
from the rule statements with :class:`fractions.Fraction` only.

Whole documents (``perfrules.testing.documents``): ``balanced_trees`` (indicator trees whose points
add up exactly at every level), ``filled_tables`` (JSON-rows tables that audit clean, or with one
planted defect), ``overlays`` (overlay documents on a built-in rubric that lint clean); and pairs
in two units (``perfrules.testing.units``): ``unit_pairs``, with the exact oracle ``in_target_unit``.
"""

from perfrules.testing.documents import *
from perfrules.testing.documents import __all__ as _documents
from perfrules.testing.models import *
from perfrules.testing.models import __all__ as _models
from perfrules.testing.notation import *
from perfrules.testing.notation import __all__ as _notation
from perfrules.testing.numbers import *
from perfrules.testing.numbers import __all__ as _numbers
from perfrules.testing.units import *
from perfrules.testing.units import __all__ as _units

__all__ = [*_numbers, *_notation, *_models, *_units, *_documents]
