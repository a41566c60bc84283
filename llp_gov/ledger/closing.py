"""Closing a fiscal year: allocating every revenue and expense line to the partners (Act 33,
Ord. 36), posting the allocation to the capital accounts, loss limits and withholding."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db, utcnow
from llp_gov.errors import Conflict, NotFound, ValidationError
from llp_gov.ledger import books, capital, chart, distributions, ratios, segments
from llp_gov.ledger.allocation import to_fraction, weights_from_fractions
from llp_gov.ledger.book_language import in_book_language
from llp_gov.ledger.models import (
    Account,
    Allocation,
    FiscalYear,
    JournalEntry,
    PartnerYear,
)
from llp_gov.orgs.services import today_in
from llp_gov.partners.models import Partner

# Non-resident partners: income tax 20% + reconstruction surtax 2.1% of it = 20.42%
# (所得税法 161条1項4号, 212条; 復興財源確保法 28条), rounded down to the yen.
WITHHOLDING_NUMERATOR, WITHHOLDING_DENOMINATOR = 2042, 10000


def withholding_tax(profit: int) -> int:
    """Tax withheld on a non-resident partner's allocated profit, in whole yen (rounded down)."""
    return profit * WITHHOLDING_NUMERATOR // WITHHOLDING_DENOMINATOR if profit > 0 else 0


def _partners_in_order(organisation, ids) -> list:

    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Partner).where(Partner.id.in_(list(ids))).order_by(Partner.position, Partner.id)
        )
    )


def ratio_for_year(organisation, fy: FiscalYear) -> tuple[list[tuple[int, int]], object]:
    """Integer weights [(partner_id, weight)] in register order, and the agreement used (or None).

    Default (Act 33): contributions received by year end as recorded in the books; time-weighted
    (received amount × days held in the year) only when the agreement says so
    (organisation setting `allocation_time_weighted`); an adopted ratio agreement (Ord. 36)
    overrides both."""
    agreement = ratios.agreement_for(organisation, fy.starts_on)
    if agreement is not None:
        fractions = {s.partner_id: Fraction(s.numerator, s.denominator) for s in agreement.shares}
        order = [p.id for p in _partners_in_order(organisation, fractions)]
        return [(pid, w) for pid, w in weights_from_fractions(fractions, order) if w > 0], agreement
    time_weighted = bool(organisation.setting("allocation_time_weighted"))
    weights: dict[int, int] = {}

    pending = set(
        db.session.scalars(
            select(Partner.id).where(
                Partner.organisation_id == organisation.id, Partner.status == "pending"
            )
        )
    )
    for pid, amount, received_on in capital.receipts(organisation, fy.ends_on):
        if pid in pending:  # Act 24: no allocation before the admission takes effect
            continue
        days = (fy.ends_on - max(received_on, fy.starts_on)).days + 1 if time_weighted else 1
        weights[pid] = weights.get(pid, 0) + amount * days
    order = _partners_in_order(organisation, weights)
    return [(p.id, weights[p.id]) for p in order if weights[p.id] > 0], None


def pl_amounts(organisation, date_from, date_to) -> list[tuple[Account, int]]:
    """Revenue and expense accounts with their net result: + adds to profit, − reduces it."""
    sums = books.balances(organisation, date_from=date_from, date_to=date_to, exclude_closing=True)
    out = []
    for account in chart.accounts(organisation):
        if account.type not in ("revenue", "expense") or account.id not in sums:
            continue
        d, c = sums[account.id]
        amount = c - d  # revenue: credit balance; an expense's debit balance comes out negative
        if amount:
            out.append((account, amount))
    return out


def closable_from(organisation, year: int) -> dt.date | None:
    """The first day fiscal year `year` may be closed, while that day is still to come (today in
    the legal zone on or before its end date); None once the year has ended. Writes nothing."""
    _starts_on, ends_on = books.fiscal_year_bounds(organisation, year)
    return ends_on + dt.timedelta(days=1) if today_in(organisation) <= ends_on else None


def _year_to_close(organisation, year) -> FiscalYear:
    """The open fiscal year `year`, which has ended (legal zone); else ValidationError/Conflict."""

    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationError(year=_("Unknown fiscal year."))
    chart.ensure_chart(organisation)
    fy = books.get_fiscal_year(organisation, year, create=True)
    if fy.is_closed:
        raise Conflict(_("Fiscal year %(year)s is already closed.", year=year))
    if closable_from(organisation, year) is not None:
        # Act 31(2) with Ord. 10: the statements are drawn up for each fiscal year once it ends.
        raise Conflict(
            _(
                "Fiscal year %(year)s ends on %(date)s: a year that has not ended cannot be closed "
                "(LLP Act 31(2); the statements are made for a whole fiscal year). Close it from "
                "%(next)s.",
                year=year,
                date=format_date(fy.ends_on),
                next=format_date(fy.ends_on + dt.timedelta(days=1)),
            )
        )
    return fy


def _plan(organisation, fy):
    """The year's allocation periods (segments.py), each partner's share of the year as
    [(partner_id, Fraction)] in register order, and the last ratio agreement applied."""
    periods = segments.plan(organisation, fy)
    ratio = segments.overall_ratio(periods)
    order = [p.id for p in _partners_in_order(organisation, ratio)]
    agreements = [p.agreement for p in periods if p.agreement is not None]
    return periods, [(pid, ratio[pid]) for pid in order], (agreements[-1] if agreements else None)


def closing_preview(*, actor, organisation, year: int) -> dict:
    """What closing `year` will allocate, computed and not written: {year, starts_on, ends_on,
    net_income, partners: [{partner, ratio, net_result}]} (yen, exact by the remainder rule).
    Raises Conflict (closed, or not ended: the end date in the message), ValidationError."""
    policy.require(actor, organisation, "ledger:close")
    fy = _year_to_close(organisation, year)
    periods, weights, agreement = _plan(organisation, fy)
    amounts = pl_amounts(organisation, fy.starts_on, fy.ends_on)
    totals: dict[int, int] = {pid: 0 for pid, _w in weights}
    for _account, amount in amounts:
        for pid, share in segments.split(amount, periods).items() if weights else ():
            totals[pid] += share
    total_weight = sum(w for _p, w in weights)
    partners = _partners_in_order(organisation, totals)
    return {
        "year": year,
        "starts_on": fy.starts_on,
        "ends_on": fy.ends_on,
        "net_income": sum(a for _acc, a in amounts),
        "ratio_agreement_id": agreement.id if agreement else None,
        "partners": [
            {
                "partner": p,
                "ratio": Fraction(dict(weights)[p.id], total_weight),
                "net_result": totals[p.id],
            }
            for p in partners
        ],
    }


def close_fiscal_year(*, actor, organisation, year: int, ratios: dict | None = None) -> dict:
    """Allocate the year's result to the partners, post it to their capital accounts, close.

    `year`: the fiscal year named by the calendar year it starts in. Raises Conflict when it is
    already closed or has not ended (today in the legal zone on or before its end date: the
    message names the end date), ValidationError (an earlier year with entries still open, a
    ratio without an adopted agreement: Ord. 36). Allocation by Act 33 / Ord. 36 in exact yen."""
    policy.require(actor, organisation, "ledger:close")
    fy = _year_to_close(organisation, year)
    earlier_open = db.session.scalars(
        select(FiscalYear.year).where(
            FiscalYear.organisation_id == organisation.id,
            FiscalYear.year < year,
            FiscalYear.status == "open",
        )
    ).all()
    with_entries = [
        y
        for y in earlier_open
        if db.session.scalar(
            select(JournalEntry.id)
            .where(JournalEntry.organisation_id == organisation.id, JournalEntry.fiscal_year == y)
            .limit(1)
        )
    ]
    if with_entries:
        raise ValidationError(_("Close fiscal year %(year)s first.", year=min(with_entries)))
    periods, weights, agreement = _plan(organisation, fy)
    if ratios:
        # A ratio other than the contributions applies only from an adopted agreement (Ord. 36).
        try:
            wanted = {int(k): to_fraction(v) for k, v in ratios.items()}
        except (TypeError, ValueError) as exc:
            raise ValidationError(
                ratios=_("Give each ratio as a numerator and a denominator.")
            ) from exc
        adopted = (
            {s.partner_id: Fraction(s.numerator, s.denominator) for s in agreement.shares}
            if agreement
            else None
        )
        if adopted is None or {k: v for k, v in wanted.items() if v} != {
            k: v for k, v in adopted.items() if v
        }:
            raise ValidationError(
                _(
                    "A profit and loss ratio different from the contributions needs an adopted agreement of all partners, with each ratio, the reason and the start date (Ord. 36)."
                ),
                ratios=_("No adopted ratio agreement matches these ratios."),
            )
    amounts = pl_amounts(organisation, fy.starts_on, fy.ends_on)
    if amounts and (not weights or segments.missing_weights(periods)):
        raise ValidationError(
            _(
                "No contributions were received by the end of the year: there is nothing to allocate by."
            )
        )
    partners = {p.id: p for p in _partners_in_order(organisation, [pid for pid, _w in weights])}
    shares_by_partner: dict[int, dict[int, int]] = {pid: {} for pid, _w in weights}
    lines = []
    for account, amount in amounts:
        for pid, share in segments.split(amount, periods).items():
            shares_by_partner[pid][account.id] = share
        # Close the account: a revenue's credit balance is debited, an expense's debit credited.
        lines.append(
            {
                "account": account,
                "debit": amount if amount > 0 else 0,
                "credit": -amount if amount < 0 else 0,
            }
        )
    net_income = sum(a for _acc, a in amounts)
    withholding_total = 0
    result: dict[int, dict] = {}
    contributed = capital.contributions_by_partner(organisation, fy.ends_on)
    distributed = distributions.distributions_by_partner(organisation, fy.ends_on)
    for pid, _w in weights:
        partner = partners[pid]
        net = sum(shares_by_partner[pid].values())
        cap = chart.capital_account(organisation, partner)
        if net:
            lines.append(
                {"account": cap, "debit": -net if net < 0 else 0, "credit": net if net > 0 else 0}
            )
        tax = withholding_tax(net) if not partner.is_domestic else 0
        if tax:
            lines.append({"account": cap, "debit": tax, "credit": 0})
            withholding_total += tax
        result[pid] = _partner_year(
            fy,
            partner,
            dict(weights)[pid],
            sum(w for _p, w in weights),
            net,
            tax,
            contributed.get(pid, {}).get("received", 0),
            distributed.get(pid, 0),
        )
        for account_id, share in shares_by_partner[pid].items():
            db.session.add(
                Allocation(
                    fiscal_year_id=fy.id, partner_id=pid, account_id=account_id, amount=share
                )
            )
    if withholding_total:
        lines.append({"account": chart.WITHHOLDING, "debit": 0, "credit": withholding_total})
    entry = None
    with in_book_language(organisation):
        description = _(
            "Fiscal year %(year)s: allocation of profit and loss to the partners", year=year
        )
    if lines:
        entry = books.post(
            actor=actor,
            organisation=organisation,
            entry_date=fy.ends_on,
            kind="closing",
            description=description,
            lines=lines,
            audit_tag="ledger:entry:post",
        )
    fy.status, fy.closed_at, fy.closed_by_id = "closed", utcnow(), getattr(actor, "id", None)
    fy.net_income = net_income
    fy.ratio_agreement_id = agreement.id if agreement else None
    allocation = {pid: r["net_result"] for pid, r in result.items()}
    audit.record(
        tag="ledger:year:close",
        actor=actor,
        organisation_id=organisation.id,
        target=fy,
        diff={
            "status": ["open", "closed"],
            "net_income": [None, net_income],
            "allocation": [None, {str(k): v for k, v in allocation.items()}],
            "ratio_agreement_id": [None, fy.ratio_agreement_id],
        },
    )
    return {
        "year": year,
        "net_income": net_income,
        "entry_id": entry.id if entry else None,
        "ratio_agreement_id": fy.ratio_agreement_id,
        "partners": list(result.values()),
    }


def _partner_year(  # noqa: PLR0917 (one row of the year table, columns in order)
    fy, partner, weight, total_weight, net, tax, contributed, distributed
) -> dict:
    """Loss-limit position (調整出資金額, 措令 18条の3) *(check)*: contributions received by year
    end, plus earlier years' allocated profits, minus earlier years' allocated losses, minus
    distributions by year end. A loss above it is not deductible this year; a corporation carries
    the excess forward against later profits from the same LLP (措法 67条の13), an individual
    loses it (措法 27条の2)."""
    earlier = list(
        db.session.scalars(
            select(PartnerYear)
            .join(FiscalYear, FiscalYear.id == PartnerYear.fiscal_year_id)
            .where(PartnerYear.partner_id == partner.id, FiscalYear.year < fy.year)
            .order_by(FiscalYear.year)
        )
    )
    base = contributed + sum(p.net_result for p in earlier) - distributed
    carried = earlier[-1].carryforward_end if earlier else 0
    loss = -net if net < 0 else 0
    deductible = min(loss, max(base, 0))
    excess = loss - deductible
    used = min(net, carried) if net > 0 and partner.kind == "corporate" else 0
    carry_end = carried - used + excess if partner.kind == "corporate" else 0
    fraction = Fraction(weight, total_weight)
    row = PartnerYear(
        fiscal_year_id=fy.id,
        partner_id=partner.id,
        ratio_numerator=fraction.numerator,
        ratio_denominator=fraction.denominator,
        contributions=contributed,
        distributions=distributed,
        adjusted_base=base,
        net_result=net,
        loss_deductible=deductible,
        loss_excess=excess,
        carryforward_used=used,
        carryforward_end=carry_end,
        withholding_tax=tax,
    )
    db.session.add(row)
    return {
        "partner_id": partner.id,
        "partner": partner.name,
        "ratio": f"{fraction.numerator}/{fraction.denominator}",
        "net_result": net,
        "withholding_tax": tax,
        "adjusted_base": base,
        "loss_deductible": deductible,
        "loss_excess": excess,
        "carryforward_end": carry_end,
    }


def closed_year(organisation, year: int) -> FiscalYear:
    """The fiscal year `year` (for the year page; open or closed). Raises NotFound when it
    is unknown."""
    fy = books.get_fiscal_year(organisation, year)
    if fy is None:
        raise NotFound()
    return fy


def partner_years(organisation, fy: FiscalYear) -> list[PartnerYear]:
    """Each partner's row of the closed year `fy` (ratio, contributions, result, loss limit, withholding; integer yen), in register order."""
    return list(
        db.session.scalars(
            select(PartnerYear).where(PartnerYear.fiscal_year_id == fy.id).order_by(PartnerYear.id)
        )
    )
