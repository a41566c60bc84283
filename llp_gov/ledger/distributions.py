"""Distributions to partners: the Ord. 37 limit and the return of capital (Act 34(2))."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import func, select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.ledger import books, chart
from llp_gov.ledger.capital import _partner, total_contributions
from llp_gov.ledger.models import Distribution, DistributionShare
from llp_gov.web import yen as format_yen

# Ord. 37: the distributable amount keeps back the lesser of this and the total contributions.
RESERVE_CAP = 3_000_000


def distributable_amount(organisation, on: dt.date) -> tuple[int, int, int]:
    """(limit, net assets, total contributions): limit = net assets − min(¥3,000,000, contributions)."""
    net = books.net_assets(organisation, on)
    contributed = total_contributions(organisation, on)
    return net - min(RESERVE_CAP, contributed), net, contributed


def record_distribution(
    *,
    actor,
    organisation,
    distributed_on: dt.date,
    shares: dict,
    unanimous_consent: bool = False,
    consent_document_id: int | None = None,
    resolution_id: int | None = None,
    note: str | None = None,
) -> Distribution:
    """Distribute partnership property to partners within the Ord. 37 limit."""
    policy.require(actor, organisation, "distribution:record")
    if not isinstance(distributed_on, dt.date):
        raise ValidationError(distributed_on=_("Enter a date as YYYY-MM-DD."))
    if not shares:
        raise ValidationError(shares=_("Give the amount for at least one partner."))
    clean: dict[int, int] = {}
    for key, amount in shares.items():
        partner = _partner(organisation, int(key) if str(key).isdigit() else None, f"shares.{key}")
        clean[partner.id] = books.yen(amount, f"shares.{key}", allow_zero=False)
    total = sum(clean.values())
    limit, net, contributed = distributable_amount(organisation, distributed_on)
    if total > limit:
        raise ValidationError(
            _(
                "The distribution of %(total)s exceeds the distributable amount of %(limit)s on %(date)s "
                "(net assets %(net)s minus %(kept)s; Ord. 37).",
                total=format_yen(total),
                limit=format_yen(max(limit, 0)),
                date=distributed_on.isoformat(),
                net=format_yen(net),
                kept=format_yen(min(RESERVE_CAP, contributed)),
            ),
            shares=_("At most %(limit)s can be distributed.", limit=format_yen(max(limit, 0))),
        )
    surplus = net - contributed
    return_of_capital = total > surplus
    if return_of_capital and not (unanimous_consent and (consent_document_id or resolution_id)):
        raise ValidationError(
            _(
                "%(total)s exceeds the surplus of %(surplus)s: this returns capital and needs the consent of "
                "all partners, recorded with the signed consent or the resolution (Act 34(2)).",
                total=format_yen(total),
                surplus=format_yen(max(surplus, 0)),
            ),
            unanimous_consent=_("Record the unanimous consent."),
        )
    books.check_open(organisation, distributed_on, "distributed_on")
    lines = [
        {
            "account": chart.capital_account(organisation, _partner(organisation, pid)),
            "debit": amount,
            "credit": 0,
        }
        for pid, amount in clean.items()
    ]
    lines.append({"account": chart.CASH, "debit": 0, "credit": total})
    entry = books.post(
        actor=actor,
        organisation=organisation,
        entry_date=distributed_on,
        kind="distribution",
        description=(note or _("Distribution to partners"))[:400],
        lines=lines,
        audit_tag="ledger:entry:post",
    )
    distribution = Distribution(
        organisation_id=organisation.id,
        distributed_on=distributed_on,
        total=total,
        return_of_capital=return_of_capital,
        unanimous_consent=bool(unanimous_consent),
        consent_document_id=consent_document_id,
        resolution_id=resolution_id,
        note=(note or "").strip() or None,
        entry_id=entry.id,
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(distribution)
    db.session.flush()
    for pid, amount in clean.items():
        db.session.add(
            DistributionShare(distribution_id=distribution.id, partner_id=pid, amount=amount)
        )
    audit.record(
        tag="ledger:distribution:record",
        actor=actor,
        organisation_id=organisation.id,
        target=distribution,
        diff={
            "distributed_on": [None, distributed_on],
            "total": [None, total],
            "limit": [None, limit],
            "shares": [None, {str(k): v for k, v in clean.items()}],
            "return_of_capital": [None, return_of_capital],
        },
    )
    return distribution


def distributions_by_partner(organisation, on: dt.date | None = None) -> dict[int, int]:
    stmt = (
        select(DistributionShare.partner_id, func.sum(DistributionShare.amount))
        .join(Distribution, Distribution.id == DistributionShare.distribution_id)
        .where(Distribution.organisation_id == organisation.id)
        .group_by(DistributionShare.partner_id)
    )
    if on is not None:
        stmt = stmt.where(Distribution.distributed_on <= on)
    return {pid: int(total) for pid, total in db.session.execute(stmt)}
