"""The plan's scoring loop: one pass over an input's items in exact Decimal arithmetic.

Every ``+ − ×`` runs in a context of unbounded precision (exact); the one division of a formula
comes last, in 28 digits, and its rounding to the item's places is proven exact or redone with
fractions: a quotient below ``10^(25 − places)`` lies within half a unit of its last digit of the
true value, so it rounds like the true value unless it sits exactly on a rounding boundary — and
then one exact multiplication says whether it is the true value. Anything the loop does not score
itself returns :data:`UNSUPPORTED` (the plan then calls :func:`perfrules.evaluate <perfrules.evaluation.evaluate.evaluate>`).
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction
from typing import Any

from perfrules.compiled.inputs import LEVELS
from perfrules.compiled.support import check_supported
from perfrules.rubrics.rubric import NotApplicablePolicy, Overflow, Rubric
from perfrules.rules.execution import OverBudget, ZeroBudget
from perfrules.rules.quantitative import EqualVariant, ReverseVariant
from perfrules.rules.rounding import Rounding, RoundingMode, round_exact
from perfrules.values.decimals import fraction_to_decimal

__all__ = ["UNSUPPORTED", "Kernel"]

#: returned by :meth:`Kernel.run` for an input the loop does not score itself
UNSUPPORTED: Any = object()

_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, rounding=decimal.ROUND_HALF_EVEN)
_DIV_PREC = 28
_DIV = decimal.Context(prec=_DIV_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN).divide
_MODES = {"half_up": decimal.ROUND_HALF_UP, "half_even": decimal.ROUND_HALF_EVEN, "down": decimal.ROUND_DOWN, "up": decimal.ROUND_UP}
_D = Decimal
_ZERO = Decimal(0)
_LO, _HI = Decimal("1E-24"), Decimal("1E+25")  # |x| in [10^-24, 10^25): adjusted exponent within ±24
_KIND = {"≥": 0, ">=": 0, ">": 1, "≤": 2, "<=": 2, "<": 3, "=": 4, "qualitative": 5, "n/a": 6}
_BAD: Any = object()


def _plain(x: Any) -> Any:
    """``x`` as a Decimal the model would accept unchanged, or ``_BAD`` (the converter then decides)."""
    if type(x) is Decimal:
        pass
    elif type(x) is int:
        x = Decimal(x)
    elif type(x) is Fraction:
        d = fraction_to_decimal(x)
        if Fraction(d) != x:
            return _BAD
        x = d
    else:
        return _BAD
    if not x.is_finite():
        return _BAD
    magnitude = x.adjusted() if x else x.as_tuple().exponent
    return x if -24 <= magnitude <= 24 else _BAD  # type: ignore[operator]


class _Rounder:
    """Exact rounding of ``num ÷ den`` (both exact, ``num ≥ 0``, ``den > 0``) and of exact values."""

    def __init__(self, rounding: Rounding) -> None:
        self.rounding = rounding
        self.quantum = Decimal(1).scaleb(-rounding.places)
        self.mode = _MODES[rounding.mode.value]
        self.half = self.quantum / 2
        self.limit = Decimal(10) ** (_DIV_PREC - 3 - rounding.places)
        self.halfway = rounding.mode.value in ("half_up", "half_even")

    def exact(self, v: Decimal) -> Decimal:
        return v.quantize(self.quantum, self.mode)

    def ratio(self, num: Decimal, den: Decimal) -> Decimal:
        q = _DIV(num, den)
        if q < self.limit:
            r = q.quantize(self.quantum, self.mode)
            d = q - r
            if (d != self.half and d != -self.half) if self.halfway else d:
                return r  # off every boundary: rounds like the true quotient
            if q * den == num:
                return r  # the quotient is exact
        return round_exact(Fraction(num) / Fraction(den), self.rounding.places, self.rounding.mode)


def _round_any(value: Decimal | Fraction, rounder: _Rounder | None) -> Decimal | Fraction:
    if rounder is None:
        return value
    if type(value) is Fraction:
        return round_exact(value, rounder.rounding.places, rounder.rounding.mode)
    return rounder.exact(value)


class Kernel:
    """A rubric's precomputed scoring loop (see the module docstring)."""

    def __init__(self, rubric: Rubric) -> None:
        check_supported(rubric)
        self.rubric = rubric
        pol = rubric.rounding
        self.item = None if pol.item is None else _Rounder(pol.item)
        self.subtotal = None if pol.subtotal is None else _Rounder(pol.subtotal)
        self.total = None if pol.total is None else _Rounder(pol.total)
        self.top = None if pol.total is None else round_exact(Fraction(rubric.base), pol.total.places, RoundingMode.DOWN)
        self.blocks = rubric.blocks
        self.funds_pos = next((i for i, b in enumerate(rubric.blocks) if b.source.value == "funds"), -1)
        self.positions = {b.code: i for i, b in enumerate(rubric.blocks) if b.source.value == "indicators"}
        self.paths: dict[str, int] = {}
        rules, reading = rubric.rules, rubric.reading
        self.zero_target_full = rules.positive.zero_target == "full"
        self.ratio = rules.reverse.variant is ReverseVariant.RATIO
        self.as_positive = rules.equal.variant is EqualVariant.AS_POSITIVE
        q = rules.qualitative
        self.shares = {key: (None if (b := q.band(level)) is None else b.default) for key, level in LEVELS.items()}
        self.clamp = reading.negative_actuals == "clamp"
        self.strict_share = reading.strict_boundary
        self.far = reading.implausible
        self.over = reading.over_achievement
        ex = rubric.execution
        self.initial = ex.base == "initial"
        self.flag_over = ex.over_budget is OverBudget.FLAG
        self.zero_budget, self.zero_unspent = ex.zero_budget, ex.zero_budget_unspent
        self.base = rubric.base
        self.rescale = rubric.not_applicable is NotApplicablePolicy.RESCALE
        self.overflow = rubric.block_overflow
        adj = rubric.adjustments
        self.floor, self.ceiling = adj.floor, adj.ceiling
        self.bands = rubric.grades.bands
        self.blocks_sum = rubric.blocks_total != rubric.base

    def _locate(self, path: Any) -> int | None:
        if not isinstance(path, str):
            return None
        block, sep, code = path.partition("/")
        if not sep or not code or "/" in code or not code.strip():
            return None
        pos = self.positions.get(block)
        if pos is not None and len(self.paths) < 65536:
            self.paths[path] = pos
        return pos

    def run(self, funds: Any, items: Any) -> Any:
        """``(total, grade, finding codes, item scores thunk)`` of one input, or :data:`UNSUPPORTED`."""
        if self.item is None:
            return UNSUPPORTED
        prev = decimal.getcontext()
        decimal.setcontext(_EXACT)
        try:
            return self._run(funds, items)
        finally:
            decimal.setcontext(prev)

    def _execution(self, funds: Any, notes: list) -> Any:
        """The execution leaf: ``(rounded score, applicable)`` or ``_BAD``."""
        w = self.blocks[self.funds_pos].weight
        pos = self.funds_pos
        if funds is None:
            notes.append((pos, "funds.missing"))
            return self.item.exact(_ZERO), True
        try:
            b, e, i = funds.get("adjusted"), funds.get("executed"), funds.get("initial")
        except AttributeError:
            return _BAD
        b, e = _plain(b), _plain(e)
        i = None if i is None else _plain(i)
        if b is _BAD or e is _BAD or i is _BAD or b < 0 or e < 0 or (i is not None and i < 0):
            return _BAD
        if self.initial:
            b = i
        if b is None:
            notes.append((pos, "funds.no_initial_budget"))
            v = _ZERO
        elif b == 0:
            notes.append((pos, "funds.zero_budget"))
            policy = self.zero_unspent if e == 0 else self.zero_budget
            if policy is ZeroBudget.NOT_APPLICABLE:
                return _ZERO, False
            v = w if policy is ZeroBudget.FULL else _ZERO
        elif e > b:
            if self.flag_over:
                notes.append((pos, "funds.over_budget"))
            v = w
        elif e == b:
            v = w
        else:
            return self._capped(self.item.ratio(w * e, b), w, pos, notes), True
        return self._capped(self.item.exact(v), w, pos, notes), True

    @staticmethod
    def _capped(r: Any, w: Any, pos: int, notes: list) -> Any:
        if r > w:
            notes.append((pos, "score.rounded_above_max"))
            return w
        return r

    def _run(self, funds: Any, items: Any) -> Any:
        nb = len(self.blocks)
        notes: list[tuple[int, str]] = []
        note = notes.append
        sums = [_ZERO] * nb
        weights = [_ZERO] * nb
        counts = [0] * nb
        na_weights = [_ZERO] * nb
        na_counts = [0] * nb
        paths: list[str] = []
        scores: list[Decimal] = []
        add_path, add_score = paths.append, scores.append
        cache, locate = self.paths, self._locate
        item = self.item
        ratio = item.ratio  # type: ignore[union-attr]
        quantum, mode, zero = item.quantum, item.mode, item.exact(_ZERO)  # type: ignore[union-attr]
        div, limit, half, halfway = _DIV, item.limit, item.half, item.halfway  # type: ignore[union-attr]
        kinds, shares = _KIND, self.shares
        lo, hi, D, ZERO, BAD = _LO, _HI, _D, _ZERO, _BAD
        clamp, far, over, strict_share = self.clamp, self.far, self.over, self.strict_share
        zt_full, rev_ratio, eq_pos = self.zero_target_full, self.ratio, self.as_positive
        cur, s, ws, n = -1, ZERO, ZERO, 0
        for it in items:
            if type(it) is tuple:
                try:
                    path, w, word, t, a, lvl = it
                except ValueError:
                    return UNSUPPORTED
                app = True
            else:
                try:
                    path, w, word, t, a, lvl = it["path"], it["weight"], it["direction"], it.get("target"), it.get("actual"), it.get("assessment")
                    app = it.get("applicable", True)
                except (KeyError, TypeError, AttributeError):
                    return UNSUPPORTED
                if app is not True and app is not False:
                    return UNSUPPORTED
            pos = cache.get(path) if type(path) is str else None
            if pos is None and (pos := locate(path)) is None:
                return UNSUPPORTED
            kind = kinds.get(word) if type(word) is str else None
            if kind is None:
                return UNSUPPORTED
            if type(w) is not D or not lo <= w < hi:
                w = _plain(w)
                if w is BAD or w < 0:
                    return UNSUPPORTED
            if t is not None and (type(t) is not D or not lo <= t < hi) and (t := _plain(t)) is BAD:
                return UNSUPPORTED
            if a is not None and (type(a) is not D or not lo <= a < hi) and (a := _plain(a)) is BAD:
                return UNSUPPORTED
            if pos != cur:
                if cur >= 0:
                    sums[cur], weights[cur], counts[cur] = s, ws, n
                cur, s, ws, n = pos, sums[pos], weights[pos], counts[pos]
            n += 1
            ws += w
            add_path(path)
            if not app or kind == 6:
                if app:
                    note((pos, "target.not_applicable"))
                if lvl is not None and shares.get(lvl, BAD) is BAD:
                    return UNSUPPORTED
                na_weights[pos] += w
                na_counts[pos] += 1
                add_score(ZERO)
                continue
            if kind == 5:  # qualitative
                if lvl is None:
                    note((pos, "qualitative.no_judgement"))
                    r = zero
                else:
                    share = shares.get(lvl) if type(lvl) is str or lvl.__class__.__hash__ is not None else None
                    if share is None:
                        return UNSUPPORTED  # an unknown judgement, or one without a band: evaluate() raises
                    r = (w * share).quantize(quantum, mode)
            elif lvl is not None and shares.get(lvl, BAD) is BAD:
                return UNSUPPORTED
            elif t is None:
                note((pos, "target.missing"))
                r = zero
            elif a is None:
                note((pos, "actual.missing"))
                r = zero
            else:
                if a < 0 and clamp:
                    note((pos, "actual.negative"))
                    a = ZERO
                if t > 0 and a > 0 and a != t:  # an actual far off its target (far, over > 1)
                    if a > t:
                        if a >= t * far:
                            note((pos, "pair.implausible"))
                        elif over is not None and (kind < 2 or kind == 4) and a >= t * over:
                            note((pos, "actual.far_above_target"))
                    elif (kind < 2 or kind == 4) and a * far <= t:
                        note((pos, "pair.implausible"))
                if kind < 2:  # ≥ >
                    if t < 0:
                        note((pos, "target.negative"))
                        r = w.quantize(quantum, mode) if a >= t else zero
                    elif t == 0:
                        r = zero if a < 0 or not zt_full else w.quantize(quantum, mode)
                    elif a >= t:
                        if a == t and kind == 1:
                            note((pos, "target.strict_boundary"))
                            r = (w * strict_share).quantize(quantum, mode)
                        else:
                            r = w.quantize(quantum, mode)
                    elif a <= 0:
                        r = zero
                    else:  # ratio(w × a, t), inlined
                        num = w * a
                        q = div(num, t)
                        r = q.quantize(quantum, mode)
                        d = q - r
                        if q >= limit or not ((d != half and d != -half) if halfway else d) and q * t != num:
                            r = ratio(num, t)
                elif kind < 4:  # ≤ <
                    if t < 0:
                        note((pos, "target.negative"))
                        r = w.quantize(quantum, mode) if a <= t else zero
                    elif a <= t:
                        if a == t and kind == 3:
                            note((pos, "target.strict_boundary"))
                            r = (w * strict_share).quantize(quantum, mode)
                        else:
                            r = w.quantize(quantum, mode)
                    elif t == 0:
                        r = zero
                    elif rev_ratio:
                        r = ratio(w * t, a)
                    elif a >= 2 * t:
                        r = zero
                    else:
                        r = ratio(w * (2 * t - a), t)
                elif t < 0:  # =
                    note((pos, "target.negative"))
                    r = w.quantize(quantum, mode) if a == t else zero
                elif a == t:
                    r = w.quantize(quantum, mode)
                elif t == 0:
                    r = w.quantize(quantum, mode) if eq_pos and a < 0 else zero
                elif eq_pos:
                    r = w.quantize(quantum, mode) if a >= t else (zero if a <= 0 else ratio(w * a, t))
                else:
                    d = abs(a - t)
                    r = zero if d >= t else ratio(w * (t - d), t)
            if r > w:
                note((pos, "score.rounded_above_max"))
                r = w
            s += r
            add_score(r)
        if cur >= 0:
            sums[cur], weights[cur], counts[cur] = s, ws, n
        if len(set(paths)) != len(paths):
            return UNSUPPORTED  # duplicate items: evaluate() reports and renames them
        return self._finish(funds, notes, sums, weights, counts, na_weights, na_counts, paths, scores)

    def _finish(self, funds: Any, notes: list, sums: list, weights: list, counts: list, na_weights: list, na_counts: list, paths: list, scores: list) -> Any:
        blocks = self.blocks
        exec_score: Any = None
        base_exact: Any = _ZERO
        excluded: Any = _ZERO
        any_applicable = False
        for pos, block in enumerate(blocks):
            if pos == self.funds_pos:
                got = self._execution(funds, notes)
                if got is _BAD:
                    return UNSUPPORTED
                exec_score, applicable = got
                if applicable:
                    base_exact = Fraction(base_exact) + Fraction(exec_score) if type(base_exact) is Fraction else base_exact + exec_score
                    any_applicable = True
                else:
                    excluded += block.weight
                continue
            n = counts[pos]
            if not n:
                notes.append((pos, "structure.missing_block"))
                any_applicable = True
                continue
            declared = block.weight
            if weights[pos] != declared:
                notes.append((pos, "weights.sum_mismatch"))
            gone = na_weights[pos]
            value: Any = sums[pos]
            most = weights[pos] - gone
            limit = declared - gone
            if not (most <= limit or self.overflow is Overflow.REPORT or limit < 0):
                if self.overflow is Overflow.CAP:
                    value = min(value, limit)
                else:
                    value = Fraction(value) * Fraction(limit) / Fraction(most) if most else _ZERO
                most = limit
                notes.append((pos, "score.above_declared"))
            value = _round_any(value, self.subtotal)
            if value > most:
                notes.append((pos, "score.rounded_above_max"))
                value = most
            if na_counts[pos] == n:  # nothing applicable: the whole block is excluded
                excluded += declared
                continue
            any_applicable = True
            excluded += gone
            if type(value) is Fraction or type(base_exact) is Fraction:
                base_exact = Fraction(base_exact) + Fraction(value)
            else:
                base_exact += value
        return self._total(base_exact, excluded, any_applicable, notes, exec_score, paths, scores)

    def _total(self, base_exact: Any, excluded: Any, any_applicable: bool, notes: list, exec_score: Any, paths: list, scores: list) -> Any:
        nb = len(self.blocks)
        total: Any = base_exact
        if not any_applicable and self.blocks:
            notes.append((nb, "not_applicable.everything"))
        if excluded and self.rescale:
            attainable = self.base - excluded
            if attainable > 0:
                total = Fraction(base_exact) * Fraction(self.base) / Fraction(attainable)
                notes.append((nb, "not_applicable.rescaled"))
        if type(total) is Fraction:
            total = _settle(total)
        if total > self.base:
            notes.append((nb, "total.above_base"))
            total = self.base
        if self.floor is not None and total < self.floor:
            notes.append((nb, "total.floor_applied"))
            total = self.floor
        if self.ceiling is not None and total > self.ceiling:
            notes.append((nb, "total.ceiling_applied"))
            total = self.ceiling
        total = _round_any(total, self.total)
        if self.total is not None and total > self.base:  # rounded up above the base: the last step down
            total = self.top
        if type(total) is Fraction:
            grade = next((b for b in self.bands if total >= Fraction(b.lower)), self.bands[-1])
            total = fraction_to_decimal(total)
        else:
            grade = next((b for b in self.bands if total >= b.lower), self.bands[-1])
        if self.blocks_sum:
            notes.insert(0, (-1, "rubric.blocks_sum"))
        codes = tuple(c for _, c in sorted(notes, key=_first)) if notes else ()
        return total, grade, codes, lambda: self._items(exec_score, paths, scores)

    def _items(self, exec_score: Any, paths: list, scores: list) -> tuple[tuple[str, Decimal], ...]:
        per: dict[int, list[tuple[str, Decimal]]] = {}
        for p, r in zip(paths, scores, strict=True):
            pos = self.paths.get(p)
            per.setdefault(self._locate(p) if pos is None else pos, []).append((p, r))  # type: ignore[arg-type]
        out: list[tuple[str, Decimal]] = []
        for pos, block in enumerate(self.blocks):
            if pos == self.funds_pos:
                out.append((block.code, exec_score))
            else:
                out.extend(per.get(pos, ()))
        return tuple(out)


def _settle(q: Fraction) -> Decimal | Fraction:
    """A terminating fraction as its Decimal; any other stays exact."""
    d = fraction_to_decimal(q)
    return d if Fraction(d) == q else q


def _first(note: tuple[int, str]) -> int:
    return note[0]
