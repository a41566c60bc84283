"""A fiscal year cut into periods for allocation: where a partner joins or leaves (Act 24-27)
or a ratio agreement starts during the year (Ord. 36), the year's result is split by days
between the periods before and after, and each part is allocated by that period's weights.

A period is a run of days with the same partners and the same rule. A partner admitted on day
A shares from A; a partner leaving on day L (withdrawn_on, expulsion date) shares up to L − 1:
on its leaving date it is no longer a partner. A pending partner never shares. Exact yen: the
result is split over the periods by days, then each part over the partners, both by the
remainder rule of allocation.allocate (largest remainder, ties by order)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import select

from llp_gov.db import db
from llp_gov.ledger import capital, ratios
from llp_gov.ledger.allocation import allocate, weights_from_fractions
from llp_gov.partners.models import Partner


@dataclass
class Period:
    starts_on: dt.date
    ends_on: dt.date
    weights: list[tuple[int, int]] = field(default_factory=list)  # (partner_id, weight)
    agreement: object = None  # the ratio agreement applied, or None (contributions, Act 33)

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


def _partners(organisation) -> list[Partner]:
    return list(
        db.session.scalars(
            select(Partner)
            .where(Partner.organisation_id == organisation.id, Partner.status != "pending")
            .order_by(Partner.position, Partner.id)
        )
    )


def _in_period(partner: Partner, start: dt.date, end: dt.date) -> bool:
    joined = partner.admitted_on is None or partner.admitted_on <= start
    left = partner.withdrawn_on is not None and partner.withdrawn_on <= end
    return joined and not left


def plan(organisation, fy) -> list[Period]:
    """The year's periods in date order, each with its integer weights in register order."""
    partners = _partners(organisation)
    cuts = {fy.starts_on}
    for p in partners:
        for day in (p.admitted_on, p.withdrawn_on):
            if day is not None and fy.starts_on < day <= fy.ends_on:
                cuts.add(day)
    for starting in ratios.agreements_starting(organisation, fy.starts_on, fy.ends_on):
        cuts.add(starting.starts_on)
    starts = sorted(cuts)
    ends = [d - dt.timedelta(days=1) for d in starts[1:]] + [fy.ends_on]
    time_weighted = bool(organisation.setting("allocation_time_weighted"))
    receipts = capital.receipts(organisation, fy.ends_on)
    periods = []
    for start, end in zip(starts, ends, strict=True):
        members = [p for p in partners if _in_period(p, start, end)]
        ids = [p.id for p in members]
        agreement = ratios.agreement_for(organisation, start)
        if agreement is not None:
            fractions = {
                s.partner_id: Fraction(s.numerator, s.denominator)
                for s in agreement.shares
                if s.partner_id in ids and s.numerator
            }
            weights = [(pid, w) for pid, w in weights_from_fractions(fractions, ids) if w > 0]
        else:
            totals: dict[int, int] = {}
            for pid, amount, received_on in receipts:
                if pid not in ids or received_on > end:
                    continue
                days = (end - max(received_on, start)).days + 1 if time_weighted else 1
                totals[pid] = totals.get(pid, 0) + amount * days
            weights = [(pid, totals[pid]) for pid in ids if totals.get(pid, 0) > 0]
        periods.append(Period(start, end, weights, agreement))
    return periods


def split(amount: int, periods: list[Period]) -> dict[int, int]:
    """{partner_id: yen} adding up exactly to `amount` (see the module docstring)."""
    if len(periods) == 1:
        return allocate(amount, periods[0].weights)
    parts = allocate(amount, [(i, p.days) for i, p in enumerate(periods)])
    out: dict[int, int] = {}
    for i, period in enumerate(periods):
        if parts[i] == 0:
            continue
        for pid, share in allocate(parts[i], period.weights).items():
            out[pid] = out.get(pid, 0) + share
    return out


def overall_ratio(periods: list[Period]) -> dict[int, Fraction]:
    """Each partner's share of the year: Σ period days / year days × weight / period total."""
    total_days = sum(p.days for p in periods)
    out: dict[int, Fraction] = {}
    for period in periods:
        total = sum(w for _pid, w in period.weights)
        for pid, w in period.weights:
            out[pid] = out.get(pid, Fraction(0)) + Fraction(period.days, total_days) * Fraction(
                w, total
            )
    return out


def missing_weights(periods: list[Period]) -> list[Period]:
    return [p for p in periods if not p.weights]
