"""Whole-yen allocation by integer weights: pure functions, no database.

Remainder rule (documented, deterministic): each partner first gets floor(amount × weight / total);
the yen left over go one each to the partners with the largest remainders
(amount × weight mod total), ties broken by partner register order (Partner.position, then id),
which is the order of `weights`. A negative amount (a loss) is allocated as its absolute value and
negated, so a loss is shared exactly like a profit of the same size. The shares add up to the
amount exactly and each differs from the exact ratio by less than one yen.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm


def allocate(amount: int, weights: list[tuple[int, int]]) -> dict[int, int]:
    """Split integer `amount` over [(key, weight >= 0), ...] in whole units adding up exactly."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("amount must be an int")
    total = sum(w for _k, w in weights)
    if total <= 0 or any(w < 0 for _k, w in weights):
        raise ValueError("weights must be non-negative with a positive total")
    sign = -1 if amount < 0 else 1
    absolute = abs(amount)
    base: dict[int, int] = {}
    remainders: list[tuple[int, int, int]] = []
    for order, (key, weight) in enumerate(weights):
        q, r = divmod(absolute * weight, total)
        base[key] = q
        remainders.append((-r, order, key))
    left = absolute - sum(base.values())
    for _r, _order, key in sorted(remainders)[:left]:
        base[key] += 1
    return {key: sign * value for key, value in base.items()}


def weights_from_fractions(ratios: dict[int, Fraction], order: list[int]) -> list[tuple[int, int]]:
    """Integer weights on a common denominator, in the given partner order."""
    denominator = lcm(*(r.denominator for r in ratios.values())) if ratios else 1
    return [(pid, int(ratios[pid] * denominator)) for pid in order if pid in ratios]


def to_fraction(value) -> Fraction:
    """A ratio given as (numerator, denominator), a Fraction, an int or a 'n/d' string; no float."""
    if isinstance(value, (bool, float)):
        raise TypeError("ratios are exact: give (numerator, denominator), never a float")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, tuple | list) and len(value) == 2:
        n, d = value
        if (
            isinstance(n, bool)
            or isinstance(d, bool)
            or not isinstance(n, int)
            or not isinstance(d, int)
        ):
            raise TypeError("numerator and denominator must be integers")
        if d <= 0:
            raise ValueError("the denominator must be positive")
        return Fraction(n, d)
    if isinstance(value, str) and "/" in value:
        n, d = value.split("/", 1)
        return to_fraction((int(n), int(d)))
    raise TypeError("unrecognised ratio")
