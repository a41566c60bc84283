"""Distributions to partners: the Ord. 37 limit and the return of capital (Act 34(2))."""

from __future__ import annotations

import datetime as dt

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.ledger import books, chart, signals
from llp_gov.ledger.book_language import book_text
from llp_gov.ledger.capital import _partner, total_contributions
from llp_gov.ledger.models import Distribution, DistributionShare
from llp_gov.web import yen as format_yen

# Ord. 37: the distributable amount keeps back the lesser of this and the total contributions.
RESERVE_CAP = 3_000_000


DELEGATION_SETTING = "distribution_delegation_clause"


def _adopted_resolution(organisation, resolution_id, matters: tuple[str, ...], field: str):
    """The adopted resolution of this organisation on one of `matters`, else ValidationError."""
    resolution = signals.find_resolution(organisation, resolution_id)
    if resolution is None or resolution.matter not in matters or resolution.status != "adopted":
        return None
    return resolution


def distributable_amount(organisation, on: dt.date) -> tuple[int, int, int]:
    """(limit, net assets, total contributions): limit = net assets − min(¥3,000,000, contributions)."""
    net = books.net_assets(organisation, on)
    contributed = total_contributions(organisation, on) - capital_returned(organisation, on)
    return net - min(RESERVE_CAP, contributed), net, contributed


def capital_returned(organisation, on: dt.date | None = None) -> int:
    """Capital given back to the partners: the part of each return of capital above the surplus
    on its date, and refunds of leaving partners' shares; deducted from contributions."""
    stmt = select(func.coalesce(func.sum(Distribution.capital_returned), 0)).where(
        Distribution.organisation_id == organisation.id
    )
    if on is not None:
        stmt = stmt.where(Distribution.distributed_on <= on)
    return int(db.session.scalar(stmt) or 0)


def record_distribution(
    *,
    actor,
    organisation,
    distributed_on: dt.date,
    shares: dict,
    unanimous_consent: bool = False,
    consent_document_id: int | None = None,
    resolution_id: int | None = None,
    delegation: bool = False,
    note: str | None = None,
) -> Distribution:
    """Distribute partnership property to partners within the Ord. 37 limit.

    `shares`: {partner_id: yen > 0}; `distributed_on`: a date in an open fiscal year. The
    decision (Act 12(1)) is named: `resolution_id` of an adopted business (or return of capital)
    resolution of this organisation, or `delegation=True` when the agreement's delegation to the
    chairman is recorded in the settings (`distribution_delegation_clause`). Above the surplus
    (net assets − contributions net of capital returned) it returns capital and needs an adopted
    `return_of_capital` resolution whose amount covers the part above the surplus (Act 34(2)).
    A partner that is not active on the date (pending, withdrawn, expelled) receives nothing.
    Raises ValidationError(shares | resolution_id | delegation | distributed_on)."""
    policy.require(actor, organisation, "distribution:record")
    if not isinstance(distributed_on, dt.date):
        raise ValidationError(distributed_on=_("Enter a date as YYYY-MM-DD."))
    if not shares:
        raise ValidationError(shares=_("Give the amount for at least one partner."))
    clean: dict[int, int] = {}
    for key, amount in shares.items():
        partner = _partner(organisation, int(key) if str(key).isdigit() else None, f"shares.{key}")
        if not _active_on(partner, distributed_on):
            raise ValidationError(
                **{
                    f"shares.{key}": _(
                        "%(name)s is not an active partner on %(date)s: it receives no "
                        "distribution (LLP Act 24-27); a leaving partner's share is refunded "
                        "instead.",
                        name=partner.display_name(str(get_locale())),
                        date=format_date(distributed_on),
                    )
                }
            )
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
                date=format_date(distributed_on),
                net=format_yen(net),
                kept=format_yen(min(RESERVE_CAP, contributed)),
            ),
            shares=_("At most %(limit)s can be distributed.", limit=format_yen(max(limit, 0))),
        )
    surplus = net - contributed
    return_of_capital = total > surplus
    returned = total - max(surplus, 0) if return_of_capital else 0
    authority, resolution = _authority(organisation, resolution_id, delegation, returned)
    if return_of_capital and not (unanimous_consent or resolution is not None):
        unanimous_consent = True  # the adopted return-of-capital resolution is the consent
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
        description=(note or book_text(organisation, lambda: _("Distribution to partners")))[:400],
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
        resolution_id=resolution.id if resolution else None,
        authority=authority,
        capital_returned=returned,
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
            "capital_returned": [None, returned],
            "authority": [None, authority],
            "resolution_id": [None, resolution.id if resolution else None],
        },
    )
    return distribution


def record_share_refund(
    *, actor, organisation, partner_id: int, amount, refunded_on: dt.date, note: str | None = None
) -> Distribution:
    """Refund a withdrawn or expelled partner's share (持分の払戻し, Act 25-26 with the
    agreement's terms) against its capital account: debit its capital, credit cash.

    `amount`: whole yen above 0, at most the partner's capital-account balance on
    `refunded_on` (a date on or after its leaving date, in an open fiscal year), and within the
    Ord. 37 distributable amount on that date (net assets − min(¥3,000,000, contributions)),
    named in the refusal. Recorded as a distribution with authority "refund". Raises
    ValidationError(partner_id | amount | refunded_on)."""
    policy.require(actor, organisation, "distribution:record")
    partner = _partner(organisation, partner_id)
    if partner.status not in ("withdrawn", "expelled") or partner.withdrawn_on is None:
        raise ValidationError(
            partner_id=_(
                "Only a partner that has withdrawn or been expelled has its share refunded "
                "(LLP Act 25-26)."
            )
        )
    if not isinstance(refunded_on, dt.date) or refunded_on < partner.withdrawn_on:
        raise ValidationError(
            refunded_on=_(
                "Give a date on or after the leaving date, %(date)s.",
                date=format_date(partner.withdrawn_on),
            )
        )
    paid = books.yen(amount, "amount", allow_zero=False)
    account = chart.capital_account(organisation, partner)
    debit, credit = books.balances(organisation, date_to=refunded_on).get(account.id, (0, 0))
    balance = credit - debit
    if paid > balance:
        raise ValidationError(
            amount=_(
                "At most the partner's capital account, %(balance)s, can be refunded.",
                balance=format_yen(max(balance, 0)),
            )
        )
    # Ord. 37: a refund gives partnership property to a partner like a distribution, so it too
    # stays within the distributable amount on its date.
    limit, net, contributed = distributable_amount(organisation, refunded_on)
    if paid > limit:
        raise ValidationError(
            _(
                "The refund of %(amount)s exceeds the distributable amount of %(limit)s on "
                "%(date)s (net assets %(net)s minus %(kept)s; Ord. 37).",
                amount=format_yen(paid),
                limit=format_yen(max(limit, 0)),
                date=format_date(refunded_on),
                net=format_yen(net),
                kept=format_yen(min(RESERVE_CAP, contributed)),
            ),
            amount=_("At most %(limit)s can be refunded now.", limit=format_yen(max(limit, 0))),
        )
    books.check_open(organisation, refunded_on, "refunded_on")
    entry = books.post(
        actor=actor,
        organisation=organisation,
        entry_date=refunded_on,
        kind="distribution",
        description=(
            note
            or book_text(
                organisation, lambda: _("Refund of the share of %(name)s", name=partner.name)
            )
        )[:400],
        lines=[
            {"account": account, "debit": paid, "credit": 0},
            {"account": chart.CASH, "debit": 0, "credit": paid},
        ],
        audit_tag="ledger:entry:post",
    )
    refund = Distribution(
        organisation_id=organisation.id,
        distributed_on=refunded_on,
        total=paid,
        return_of_capital=False,
        unanimous_consent=False,
        authority="refund",
        capital_returned=0,  # the partner's contributions already left the totals
        note=(note or "").strip() or None,
        entry_id=entry.id,
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(refund)
    db.session.flush()
    db.session.add(DistributionShare(distribution_id=refund.id, partner_id=partner.id, amount=paid))
    audit.record(
        tag="ledger:share:refund",
        actor=actor,
        organisation_id=organisation.id,
        target=refund,
        diff={
            "partner_id": [None, partner.id],
            "amount": [None, paid],
            "refunded_on": [None, refunded_on],
            "capital_balance": [balance, balance - paid],
        },
    )
    return refund


def _active_on(partner, on: dt.date) -> bool:
    if partner.status == "pending":
        return False
    return partner.withdrawn_on is None or on < partner.withdrawn_on


def _authority(organisation, resolution_id, delegation: bool, returned: int):
    """("resolution" | "delegation", the resolution or None), or ValidationError naming the
    rule: Act 12(1) for the decision, Act 34(2) for a return of capital."""
    if returned:
        resolution = _adopted_resolution(
            organisation, resolution_id, ("return_of_capital",), "resolution_id"
        )
        if resolution is None or (resolution.amount or 0) < returned:
            raise ValidationError(
                _(
                    "%(returned)s of this distribution is above the surplus and returns capital: "
                    "it needs an adopted return-of-capital resolution of all partners of this "
                    "organisation covering that amount (LLP Act 34(2)). Open one, then name it.",
                    returned=format_yen(returned),
                ),
                resolution_id=_(
                    "Name an adopted return-of-capital resolution covering %(amount)s.",
                    amount=format_yen(returned),
                ),
            )
        return "resolution", resolution
    if resolution_id is not None:
        resolution = _adopted_resolution(
            organisation, resolution_id, ("business", "return_of_capital"), "resolution_id"
        )
        if resolution is None:
            raise ValidationError(
                _(
                    "A distribution is decided by the partners (LLP Act 12(1)): name an adopted "
                    "business resolution of this organisation."
                ),
                resolution_id=_(
                    "No adopted business resolution of this organisation has this number."
                ),
            )
        return "resolution", resolution
    if delegation:
        if not (organisation.setting(DELEGATION_SETTING) or "").strip():
            raise ValidationError(
                _(
                    "The agreement records no delegation of distributions to the chairman (LLP "
                    "Act 12(1) proviso): name an adopted business resolution instead."
                ),
                delegation=_("No delegation is recorded in the agreement's settings."),
            )
        return "delegation", None
    raise ValidationError(
        _(
            "A distribution is a decision of the partners (LLP Act 12(1)): name the adopted "
            "business resolution, or the chairman's delegation recorded in the agreement."
        ),
        resolution_id=_("Name the adopted resolution (or the chairman's delegation)."),
    )


def distributions_by_partner(organisation, on: dt.date | None = None) -> dict[int, int]:
    """partner_id -> total distributed to it (integer yen), up to `on` (a legal-zone date)
    when given."""
    stmt = (
        select(DistributionShare.partner_id, func.sum(DistributionShare.amount))
        .join(Distribution, Distribution.id == DistributionShare.distribution_id)
        .where(Distribution.organisation_id == organisation.id)
        .group_by(DistributionShare.partner_id)
    )
    if on is not None:
        stmt = stmt.where(Distribution.distributed_on <= on)
    return {pid: int(total) for pid, total in db.session.execute(stmt)}
