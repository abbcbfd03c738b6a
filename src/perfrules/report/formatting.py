"""Numbers written the way a locale writes them, with babel — after perfrules has rounded them.

A :class:`Formatter` has one explicit locale (``zh_CN``, ``en``, or any babel knows). Every
method takes a ``Decimal`` (a float is refused), rounds it **first** as perfrules' rounding says
(the rubric's places and mode — half-up by default, as the scoring rules), and only then lets babel
write it, with ``decimal_quantization=False`` so that babel, which rounds half-even on its own
(93.665 → 93.66), never rounds a figure: it only adds the separators and pads the places.

    >>> from decimal import Context, Decimal, localcontext
    >>> zh = Formatter("zh_CN")
    >>> zh.amount(Decimal("24409100.455"), unit="元"), zh.amount(Decimal("2440.91"), unit="万元")
    ('24,409,100.46 元', '2,440.91 万元')
    >>> zh.score(Decimal("93.665")), Formatter("en").score(Decimal("93.665"))
    ('93.67', '93.67')
    >>> zh.rate(Decimal("0.935")), zh.compact(Decimal("3498000"))
    ('93.5%', '349.8万')
"""

from __future__ import annotations

import datetime as dt
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from typing import Any

import attrs
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal, format_percent

from perfrules.exceptions import FloatRefusedError, InvalidInputError, WrongTypeError
from perfrules.rubrics.rubric import Rubric
from perfrules.rules.grading import GradeBand
from perfrules.rules.rounding import RoundingMode, round_exact

__all__ = ["Formatter"]

#: the money units a table states, and how each locale names them
UNITS = {"元": {"zh": "元", "en": "yuan"}, "万元": {"zh": "万元", "en": "×10k yuan"}}
_MAX_PLACES = 12
_WIDE = Context(prec=_MAX_PLACES + 60)  # babel quantizes in the current context: room for every figure a report writes
_MAX_DIGITS = 40  # 10^40 yuan is far beyond any budget; past it a figure is an error, not a number to print


def _exact(value: Any, path: str) -> Fraction:
    if isinstance(value, float):
        raise FloatRefusedError(path=path, value=value)
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, Fraction)):
        raise WrongTypeError(f"expected a Decimal, got {type(value).__name__}", path=path, value=value)
    if isinstance(value, Decimal) and not value.is_finite():
        raise InvalidInputError(f"{value} is not a finite number", path=path, value=value)
    if isinstance(value, Decimal) and (value.adjusted() > _MAX_DIGITS or value.adjusted() < -_MAX_DIGITS):
        raise InvalidInputError(f"{value} is outside what a report writes (10^-{_MAX_DIGITS} … 10^{_MAX_DIGITS})", path=path, value=value)
    exact = Fraction(value)
    if abs(exact) >= 10**_MAX_DIGITS:
        raise InvalidInputError(f"{value} is outside what a report writes (below 10^{_MAX_DIGITS})", path=path, value=value)
    return exact


def _places(places: Any) -> int:
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= _MAX_PLACES:
        raise InvalidInputError(f"places must be an int 0–{_MAX_PLACES}, not {places!r}", path="places")
    return places


def _pattern(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


@attrs.frozen
class Formatter:
    """Figures for one locale; see the module docstring.

    Attributes:
        locale: a babel locale name (``zh_CN``, ``en``, ``en_GB`` …).
        places: decimal places of scores (the rubric's total places when built by :meth:`for_rubric`).
        mode: how scores are rounded to ``places`` before they are written.
    """

    locale: str
    places: int = 2
    mode: RoundingMode = RoundingMode.HALF_UP
    _babel: Locale = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.locale, str):
            raise WrongTypeError(f"locale must be text, got {type(self.locale).__name__}", path="locale")
        try:
            babel_locale = Locale.parse(self.locale.replace("-", "_"))
        except (UnknownLocaleError, ValueError, TypeError) as e:
            raise InvalidInputError(f"unknown locale {self.locale!r}: {e}", path="locale") from None
        if isinstance(self.places, bool) or not isinstance(self.places, int) or not 0 <= self.places <= _MAX_PLACES:
            raise InvalidInputError(f"places must be 0–{_MAX_PLACES}, not {self.places!r}", path="places")
        if not isinstance(self.mode, RoundingMode):
            raise WrongTypeError(f"mode must be a RoundingMode, got {type(self.mode).__name__}", path="mode")
        object.__setattr__(self, "_babel", babel_locale)

    @classmethod
    def for_rubric(cls, rubric: Rubric, locale: str) -> Formatter:
        """Scores written at the rubric's declared total places (else item places, else 2) and mode."""
        if not isinstance(rubric, Rubric):
            raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric", value=rubric)
        policy = rubric.rounding
        stage = policy.total or policy.item
        if stage is None:
            return cls(locale)
        return cls(locale, stage.places, stage.mode)

    @property
    def lang(self) -> str:
        """``"zh"`` for a Chinese locale, else ``"en"`` (the languages of perfrules' texts)."""
        return "zh" if self._babel.language == "zh" else "en"

    def _number(self, value: Any, places: int, mode: RoundingMode, path: str) -> str:
        rounded = round_exact(_exact(value, path), places, mode)
        with localcontext(_WIDE):
            return format_decimal(rounded, format=_pattern(places), locale=self._babel, decimal_quantization=False)

    def number(self, value: Any, places: int | None = None) -> str:
        """A plain figure at ``places`` (default: the scores' places), rounded by this formatter's mode."""
        return self._number(value, self.places if places is None else _places(places), self.mode, "number")

    def stated(self, value: Any) -> str:
        """A figure with exactly the places it has, nothing rounded (points as declared: ``20``, ``2.5``)."""
        exact = _exact(value, "figure")
        for places in range(_MAX_PLACES + 1):
            if (exact * 10**places).denominator == 1:
                return self._number(value, places, self.mode, "figure")
        return self.number(value)  # not a terminating decimal within 12 places: at the scores' places

    def score(self, value: Any) -> str:
        """A score or a total: ``93.67``."""
        return self._number(value, self.places, self.mode, "score")

    def amount(self, value: Any, *, unit: str = "万元", places: int = 2) -> str:
        """Money in ``元`` or ``万元`` with separators: ``2,440.91 万元``."""
        if not isinstance(unit, str) or unit not in UNITS:
            raise InvalidInputError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}", path="unit")
        return f"{self._number(value, _places(places), RoundingMode.HALF_UP, 'amount')} {UNITS[unit][self.lang]}"

    def rate(self, value: Any, *, places: int = 1) -> str:
        """A rate given as a fraction (``0.935``) as a percentage: ``93.5%``."""
        places = _places(places)
        with localcontext(_WIDE):
            rounded = round_exact(_exact(value, "rate") * 100, places, RoundingMode.HALF_UP) / 100
            return format_percent(rounded, format=_pattern(places) + "%", locale=self._babel, decimal_quantization=False)

    def compact(self, yuan: Any) -> str:
        """An amount in yuan, short: ``349.8万`` (zh), ``3.5M`` (en); for charts and summaries, one place."""
        exact = _exact(yuan, "amount")
        digits = len(str(abs(exact.numerator // exact.denominator)))
        step = 4 if self.lang == "zh" else 3  # 万 / 亿 in Chinese, thousands / millions in English
        magnitude = max(0, (digits - 1) // step * step)
        with localcontext(_WIDE):
            rounded = round_exact(exact / 10**magnitude, 1, RoundingMode.HALF_UP) * 10**magnitude
            return format_compact_decimal(rounded, locale=self._babel, fraction_digits=1)

    def grade(self, band: GradeBand) -> str:
        """The grade's label in this locale's language: ``优`` / ``excellent``."""
        if not isinstance(band, GradeBand):
            raise WrongTypeError(f"expected a GradeBand, got {type(band).__name__}", path="grade")
        return band.label_zh if self.lang == "zh" else band.label_en

    def date(self, value: dt.date) -> str:
        """A date as the locale writes it in full: ``2020年12月31日`` / ``December 31, 2020``."""
        if not isinstance(value, dt.date):
            raise WrongTypeError(f"expected a date, got {type(value).__name__}", path="date")
        return format_date(value, format="long", locale=self._babel)
