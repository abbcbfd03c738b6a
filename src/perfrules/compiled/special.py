"""A rubric's specialised fast path: Python source generated once per rubric, compiled with ``exec``.

The generated function scores only the common, clean input — tuple items with positive in-range
Decimals, every block present, weights adding up, nothing that raises a finding — with the rubric's
rule variants and rounding filled in and every other branch left out. On anything else it returns
:data:`RETRY`, and the plan runs the general loop of :mod:`perfrules.compiled.fast` instead, so
results are the same either way. Constants reach the code through its namespace, never as text.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from perfrules.compiled.fast import _DIV, _EXACT, _HI, _KIND, _LO, Kernel

__all__ = ["RETRY", "build_fast"]

#: returned by a fast path for an input it leaves to the general loop
RETRY: Any = object()


def _ratio(out: str, num: str, den: str, halfway: str, small: bool, ind: str) -> list[str]:
    """Lines setting ``out`` to ``num ÷ den`` rounded exactly (see ``fast._Rounder.ratio``). Every
    ratio here is below its weight, so with ``small`` (every block's points below the limit, and a
    weight above its block's points sends the input to the general loop) ``_q < _LIMIT`` holds."""
    # ``num ≥ 0``: rounding half up, ``_q − out`` is never +half, so a tie is exactly −half
    edge = {"up": "_d == _NHALF", "even": "(_d == _HALF or _d == _NHALF)", "": "not _d"}[halfway]
    edge = edge if small else f"_q >= _LIMIT or {edge}"
    return [
        f"{ind}_n = {num}",
        f"{ind}_q = _div(_n, {den})",
        f"{ind}{out} = _q.quantize(_Q, _M)",
        f"{ind}_d = _q - {out}",
        f"{ind}if {edge} and _q * {den} != _n:",
        f"{ind}    {out} = _slow(_n, {den})",
    ]


def _ok(x: str) -> str:
    """An expression: ``x`` is a Decimal the general loop takes as it is (non-negative, in range)."""
    return f"(type({x}) is _D and (_lo <= {x} < _hi or not {x} and _okz({x})))"


def _okz(x: Decimal) -> bool:
    return -24 <= x.as_tuple().exponent <= 24  # type: ignore[operator]


def _source(k: Kernel) -> str:
    it = k.item
    assert it is not None
    hw = ("up" if it.mode == decimal.ROUND_HALF_UP else "even") if it.halfway else ""
    small = all(b.weight < it.limit for b in k.blocks)
    L: list[str] = [
        "def fast(funds, items):",
        "    prev = _getctx()",
        "    _setctx(_EXACT)",
        "    try:",
        "        return _loop(funds, items)",
        "    except (ValueError, TypeError):",  # not a 6-tuple, an unhashable path or word: the general loop decides
        "        return RETRY",
        "    finally:",
        "        _setctx(prev)",
        "",
        "def _loop(funds, items):",
        "    sums = [_ZERO] * _NB",
        "    weights = [_ZERO] * _NB",
        "    counts = [0] * _NB",
        "    paths = []",
        "    scores = []",
        "    add_path, add_score = paths.append, scores.append",
        "    cur, s, ws, n = -1, _ZERO, _ZERO, 0",
        "    for itm in items:",
        "        if type(itm) is not tuple:",
        "            return RETRY",
        "        path, w, word, t, a, lvl = itm",
        "        pos = _cache.get(path)",
        "        if pos is None and (pos := _locate(path)) is None:",
        "            return RETRY",
        "        kind = _kinds.get(word)",
        "        if kind is None or type(w) is not _D or not _lo <= w < _hi:",
        "            return RETRY",
        "        if pos != cur:",
        "            if cur >= 0:",
        "                sums[cur], weights[cur], counts[cur] = s, ws, n",
        "            cur, s, ws, n = pos, sums[pos], weights[pos], counts[pos]",
        "        n += 1",
        "        ws += w",
        "        add_path(path)",
        "        if kind == 5:",
        f"            if (t is not None and not {_ok('t')}) or (a is not None and not {_ok('a')}):",
        "                return RETRY",
        "            share = _shares.get(lvl) if type(lvl) is str else None",
        "            if share is None:",
        "                return RETRY",
        "            r = (w * share).quantize(_Q, _M)",
        "        else:",
        f"            if lvl is not None or not {_ok('t')} or not {_ok('a')}:",
        "                return RETRY",
        # t, a ≥ 0 from here: every negative branch of the general loop is dead
        "            if t and a and a != t:",
        "                if a > t:",
    ]
    if k.over is not None and k.over <= k.far:  # for ≥ > =, a >= t × far implies a >= t × over
        L += [
            "                    if kind < 2 or kind == 4:",
            "                        if a >= t * _OVER:",
            "                            return RETRY",
            "                    elif a >= t * _FAR:",
            "                        return RETRY",
        ]
    else:
        L += ["                    if a >= t * _FAR:", "                        return RETRY"]
        if k.over is not None:
            L += ["                    if (kind < 2 or kind == 4) and a >= t * _OVER:", "                        return RETRY"]
    L += [
        "                elif (kind < 2 or kind == 4) and a * _FAR <= t:",
        "                    return RETRY",
        "            if kind < 2:",
        "                if not t:",
        f"                    r = {'w.quantize(_Q, _M)' if k.zero_target_full else '_zero'}",
        "                elif a >= t:",
        "                    if kind == 1 and a == t:",
        "                        return RETRY",
        "                    r = w.quantize(_Q, _M)",
        "                elif not a:",
        "                    r = _zero",
        "                else:",
    ]
    L += _ratio("r", "w * a", "t", hw, small, "                    ")
    L += [
        "            elif kind < 4:",
        "                if a <= t:",
        "                    if kind == 3 and a == t:",
        "                        return RETRY",
        "                    r = w.quantize(_Q, _M)",
        "                elif not t:",
        "                    r = _zero",
    ]
    if k.ratio:
        L += ["                else:"]
        L += _ratio("r", "w * t", "a", hw, small, "                    ")
    else:
        L += [
            "                elif a >= 2 * t:",
            "                    r = _zero",
            "                else:",
        ]
        L += _ratio("r", "w * (2 * t - a)", "t", hw, small, "                    ")
    L += [
        "            elif a == t:",
        "                r = w.quantize(_Q, _M)",
        "            elif not t:",
        "                r = _zero",
    ]
    if k.as_positive:
        L += [
            "            elif a > t:",
            "                r = w.quantize(_Q, _M)",
            "            elif not a:",
            "                r = _zero",
            "            else:",
        ]
        L += _ratio("r", "w * a", "t", hw, small, "                ")
    else:
        L += [
            "            else:",
            "                dd = abs(a - t)",
            "                if dd >= t:",
            "                    r = _zero",
            "                else:",
        ]
        L += _ratio("r", "w * (t - dd)", "t", hw, small, "                    ")
    L += [
        "        if r > w:",
        "            return RETRY",
        "        s += r",
        "        add_score(r)",
        "    if cur >= 0:",
        "        sums[cur], weights[cur], counts[cur] = s, ws, n",
        "    if len(set(paths)) != len(paths):",
        "        return RETRY",
        "    base = _ZERO",
        "    exec_score = None",
    ]
    for pos, block in enumerate(k.blocks):
        if pos == k.funds_pos:
            L += [
                "    if type(funds) is not dict or funds.get('initial') is not None:",
                "        return RETRY",
                "    b, e = funds.get('adjusted'), funds.get('executed')",
                f"    if type(b) is not _D or not _lo <= b < _hi or not {_ok('e')}:",
                "        return RETRY",
                f"    fw = _W{pos}",
                "    if e >= b:",
            ]
            if k.flag_over:
                L += ["        if e > b:", "            return RETRY"]
            L += ["        exec_score = fw.quantize(_Q, _M)", "    else:"]
            L += _ratio("exec_score", "fw * e", "b", hw, small, "        ")
            L += [
                "    if exec_score > fw:",
                "        return RETRY",
                "    base += exec_score",
            ]
            continue
        L += [
            f"    if not counts[{pos}] or weights[{pos}] != _W{pos}:",
            "        return RETRY",
            f"    v = sums[{pos}]",
        ]
        if k.subtotal is not None:
            L += ["    v = v.quantize(_SQ, _SM)"]
        L += [
            f"    if v > _W{pos}:",
            "        return RETRY",
            "    base += v",
        ]
    L += ["    if base > _BASE:", "        return RETRY"]
    if k.floor is not None:
        L += ["    if base < _FLOOR:", "        return RETRY"]
    if k.ceiling is not None:
        L += ["    if base > _CEIL:", "        return RETRY"]
    if k.total is not None:
        L += ["    base = base.quantize(_TQ, _TM)", "    if base > _BASE:", "        base = _TOP"]
    for i in range(len(k.bands) - 1):
        L += [f"    {'if' if i == 0 else 'elif'} base >= _L{i}:", f"        grade = _G{i}"]
    if len(k.bands) > 1:
        L += ["    else:", f"        grade = _G{len(k.bands) - 1}"]
    else:
        L += ["    grade = _G0"]
    L += ["    return base, grade, _CODES, lambda: _items(exec_score, paths, scores)", ""]
    return "\n".join(L)


def build_fast(k: Kernel) -> Any:
    """The fast path of ``k``'s rubric (``fast(funds, items)``), or ``None`` when it has none."""
    if k.item is None or k.initial or not k.bands:
        return None
    it = k.item
    ns: dict[str, Any] = {
        "RETRY": RETRY, "_getctx": decimal.getcontext, "_setctx": decimal.setcontext, "_EXACT": _EXACT,
        "_NB": len(k.blocks), "_ZERO": Decimal(0), "_D": Decimal, "_lo": _LO, "_okz": _okz, "_hi": _HI, "_div": _DIV,
        "_cache": k.paths, "_locate": k._locate, "_kinds": {word: kind for word, kind in _KIND.items() if kind < 6}, "_shares": k.shares, "_slow": it.ratio,
        "_Q": it.quantum, "_M": it.mode, "_HALF": it.half, "_NHALF": -it.half, "_LIMIT": it.limit,
        "_zero": it.exact(Decimal(0)), "_FAR": k.far, "_OVER": k.over, "_BASE": k.base,
        "_FLOOR": k.floor, "_CEIL": k.ceiling, "_items": k._items,
        "_CODES": ("rubric.blocks_sum",) if k.blocks_sum else (),
    }  # fmt: skip
    if k.subtotal is not None:
        ns["_SQ"], ns["_SM"] = k.subtotal.quantum, k.subtotal.mode
    if k.total is not None:
        ns["_TQ"], ns["_TM"], ns["_TOP"] = k.total.quantum, k.total.mode, k.top
    for pos, block in enumerate(k.blocks):
        ns[f"_W{pos}"] = block.weight
    for i, band in enumerate(k.bands):
        ns[f"_L{i}"], ns[f"_G{i}"] = band.lower, band
    exec(compile(_source(k), f"<perfrules plan {k.rubric.key!r}>", "exec"), ns)  # noqa: S102
    return ns["fast"]
