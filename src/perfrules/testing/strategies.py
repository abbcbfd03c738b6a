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
"""

from perfrules.testing.models import *  # noqa: F403
from perfrules.testing.models import __all__ as _models
from perfrules.testing.notation import *  # noqa: F403
from perfrules.testing.notation import __all__ as _notation
from perfrules.testing.numbers import *  # noqa: F403
from perfrules.testing.numbers import __all__ as _numbers

__all__ = [*_numbers, *_notation, *_models]
