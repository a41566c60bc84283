"""Partners' capital: contributions and their instalments (Act 11, 24; Ord. 8). Ratio agreements
(Ord. 36) are in ratios.py, distributions and refunds (Act 34, Ord. 37) in distributions.py."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov import readcache
from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db, get_in_org
from llp_gov.errors import ValidationError
from llp_gov.ledger import books, chart, signals
from llp_gov.ledger.book_language import book_text
from llp_gov.ledger.models import (
    CONTRIBUTION_KINDS,
    VALUATION_BASES,
    Contribution,
    ContributionPayment,
)
from llp_gov.legaltime import today_in
from llp_gov.partners.models import Partner
from llp_gov.partners.services import partners_in

REFUSED_KINDS = ("labour", "labor", "services", "credit")  # Act 11: money or other property only


def _partner(organisation, partner_or_id, field="partner_id"):

    partner = partner_or_id
    if not isinstance(partner_or_id, Partner):
        partner = db.session.get(Partner, partner_or_id) if isinstance(partner_or_id, int) else None
    if partner is None or partner.organisation_id != organisation.id:
        raise ValidationError(**{field: _("Unknown partner.")})
    return partner


def _pledge_open(organisation, partner, totals: dict) -> bool:
    """Whether a pledge of `partner` (with its `totals` so far) may be recorded without an
    amendment: a first pledge, a partner still joining, or an agreement not yet in effect."""
    return not (
        totals["agreed"]
        and partner.status != "pending"
        and organisation.effective_date is not None
        and today_in(organisation) >= organisation.effective_date
    )


def partners_open_to_pledge(organisation, partners) -> list:
    """The `partners` the contribution form can accept, in the given order: a pledge
    (record_contribution without an amendment would accept an agreed amount) or a receipt
    against a pledge still outstanding (agreed amount 0)."""
    totals = contributions_by_partner(organisation)
    empty = {"agreed": 0, "received": 0}

    def accepts(p) -> bool:
        t = totals.get(p.id, empty)
        return _pledge_open(organisation, p, t) or t["agreed"] > t["received"]

    return [p for p in partners if accepts(p)]


def record_contribution(
    *,
    actor,
    organisation,
    partner,
    kind: str,
    agreed_amount,
    received_amount=0,
    received_on: dt.date | None = None,
    valuation_basis: str | None = None,
    note: str | None = None,
    asset_account: str | None = None,
    currency: str | None = None,
    original_amount=None,
    rate=None,
    rate_date: dt.date | None = None,
    amendment_resolution_id: int | None = None,
) -> Contribution:
    """Record a contribution and post what was received to the partner's capital account.

    Once the agreement is in effect, a further pledge (agreed amount) of a partner already in it
    changes an Act 4(3) item: only an adopted amendment applies it (Act 5), naming itself in
    `amendment_resolution_id`; otherwise ValidationError(agreed_amount). The adopted resolution
    is then the authority (the partners decided), not the role of whoever cast the last vote."""
    if amendment_resolution_id is None:
        policy.require(actor, organisation, "contribution:record")
    partner = _partner(organisation, partner)
    if kind in REFUSED_KINDS:
        raise ValidationError(
            kind=_(
                "Labour and credit cannot be contributed to an LLP: only money or other property (Act 11)."
            )
        )
    if kind not in CONTRIBUTION_KINDS:
        raise ValidationError(kind=_("Choose money or other property."))
    agreed = books.yen(agreed_amount, "agreed_amount")
    received = books.yen(received_amount, "received_amount")
    totals = contributions_by_partner(organisation).get(partner.id, {"agreed": 0, "received": 0})
    errors = {}
    if (
        agreed
        and amendment_resolution_id is None
        and not _pledge_open(organisation, partner, totals)
    ):
        errors["agreed_amount"] = _(
            "The partnership agreement is in effect: a partner's contribution is an item of it "
            "(LLP Act 4(3)) and changes only by an amendment adopted by all partners (LLP Act 5). "
            "Propose an amendment; a payment against the pledge is recorded as an instalment."
        )
    if agreed == 0 and received == 0:
        errors["agreed_amount"] = _("Give the agreed amount, the amount received, or both.")
    if totals["received"] + received > totals["agreed"] + agreed:
        errors["received_amount"] = _(
            "More would be received than the partner agreed to contribute."
        )
    if received and received_on is None:
        errors["received_on"] = _("Give the date the contribution was received.")
    if kind == "property":
        if valuation_basis not in VALUATION_BASES:
            errors["valuation_basis"] = _(
                "State how the property was valued: market price, an accepted valuation practice, or book value (Ord. 8)."
            )
    elif valuation_basis:
        errors["valuation_basis"] = _("Only property has a valuation basis.")
    if note and len(note) > 2000:
        errors["note"] = _("At most %(n)d characters.", n=2000)
    if errors:
        raise ValidationError(**errors)
    capital = chart.capital_account(organisation, partner)
    entry = None
    if received and received_on is not None:  # a receipt without its date was refused above
        debit_code = chart.CASH if kind == "money" else (asset_account or chart.PROPERTY)
        debit_line = {"account": debit_code, "debit": received, "credit": 0}
        if currency and currency.upper() != "JPY":
            debit_line |= {
                "currency": currency,
                "original_amount": original_amount,
                "rate": rate,
                "rate_date": rate_date,
            }
        entry = books.post(
            actor=actor,
            organisation=organisation,
            entry_date=received_on,
            kind="contribution",
            description=book_text(
                organisation, lambda: _("Contribution from %(name)s", name=partner.name)
            )[:400],
            lines=[debit_line, {"account": capital, "debit": 0, "credit": received}],
            audit_tag="ledger:entry:post",
        )
    contribution = Contribution(
        organisation_id=organisation.id,
        partner_id=partner.id,
        kind=kind,
        agreed_amount=agreed,
        received_amount=received,
        received_on=received_on if received else None,
        valuation_basis=valuation_basis if kind == "property" else None,
        note=(note or "").strip() or None,
        currency=(currency or "").upper() or None,
        original_amount=original_amount,
        rate=rate,
        rate_date=rate_date,
        entry_id=entry.id if entry else None,
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(contribution)
    audit.record(
        tag="ledger:contribution:record",
        actor=actor,
        organisation_id=organisation.id,
        target=contribution,
        diff={
            "partner_id": [None, partner.id],
            "kind": [None, kind],
            "agreed_amount": [None, agreed],
            "received_amount": [None, received],
            "received_on": [None, received_on],
            "valuation_basis": [None, contribution.valuation_basis],
        }
        | ({"resolution_id": [None, amendment_resolution_id]} if amendment_resolution_id else {}),
    )
    return contribution


def receipts(organisation, on: dt.date | None = None) -> list[tuple[int, int, dt.date]]:
    """Every amount received on a contribution, as (partner_id, yen, received_on), by `on`
    (everything when None): each contribution's first receipt and its later instalments."""
    out = []
    for c in _contributions(organisation):
        if c.received_amount and c.received_on and (on is None or c.received_on <= on):
            out.append((c.partner_id, c.received_amount, c.received_on))
    stmt = (
        select(Contribution.partner_id, ContributionPayment.amount, ContributionPayment.received_on)
        .join(Contribution, Contribution.id == ContributionPayment.contribution_id)
        .where(Contribution.organisation_id == organisation.id)
        .order_by(ContributionPayment.id)
    )
    # Every instalment read once per request (a few per partner), whatever dates are asked.
    payments = readcache.cached(
        ("ledger.contribution_payments", organisation.id),
        lambda: [(pid, int(amount), day) for pid, amount, day in db.session.execute(stmt)],
    )
    out.extend(p for p in payments if on is None or p[2] <= on)
    return out


def _contributions(organisation) -> list[Contribution]:
    """The organisation's contributions in the order recorded (one query per request)."""
    return readcache.cached(
        ("ledger.contributions", organisation.id),
        lambda: list(
            db.session.scalars(
                select(Contribution)
                .where(Contribution.organisation_id == organisation.id)
                .order_by(Contribution.id)
            )
        ),
    )


def contributions_by_partner(organisation, on: dt.date | None = None) -> dict[int, dict]:
    """partner_id -> {agreed, received, outstanding, kind, kinds, received_on, fully_paid}.

    `received` counts what was received by `on` (all of it when `on` is None), instalments
    included; outstanding = agreed − received."""
    rows = _contributions(organisation)
    out: dict[int, dict] = {}

    def entry(pid):
        return out.setdefault(
            pid,
            {"agreed": 0, "received": 0, "kinds": [], "received_on": None, "valuation_bases": []},
        )

    for c in rows:
        d = entry(c.partner_id)
        d["agreed"] += c.agreed_amount
        d.setdefault("first_id", c.id)  # the page the register's row links to
        if c.kind not in d["kinds"]:
            d["kinds"].append(c.kind)
        if c.valuation_basis and c.valuation_basis not in d["valuation_bases"]:
            d["valuation_bases"].append(c.valuation_basis)
    for pid, amount, day in receipts(organisation, on):
        d = entry(pid)
        d["received"] += amount
        d["received_on"] = max(filter(None, [d["received_on"], day]))
    for d in out.values():
        d["kind"] = d["kinds"][0] if len(d["kinds"]) == 1 else "mixed"
        d["outstanding"] = d["agreed"] - d["received"]
        d["fully_paid"] = d["agreed"] > 0 and d["received"] >= d["agreed"]
    return out


def contribution_received(contribution: Contribution) -> int:
    """What was received on one contribution: its first receipt plus its instalments."""
    return contribution.received_amount + sum(p.amount for p in contribution.payments)


def record_payment(
    *, actor, organisation, contribution_id: int, amount, received_on: dt.date
) -> Contribution:
    """Record an instalment received against a pledged contribution and post it (cash, or the
    property account, against the partner's capital account).

    `amount`: whole yen above 0, at most the contribution's outstanding amount (agreed −
    received); `received_on`: a date in an open fiscal year. Raises NotFound (no such
    contribution in this organisation), ValidationError(amount | received_on). Once the
    partner's whole contribution is received, an adopted admission waiting for it takes effect
    (Act 24, 3(1))."""
    policy.require(actor, organisation, "contribution:record")
    contribution = get_in_org(Contribution, contribution_id, organisation)
    paid = books.yen(amount, "amount", allow_zero=False)
    if not isinstance(received_on, dt.date) or isinstance(received_on, dt.datetime):
        raise ValidationError(received_on=_("Give the date the payment was received."))
    outstanding = contribution.agreed_amount - contribution_received(contribution)
    if paid > outstanding:
        raise ValidationError(
            amount=_(
                "At most the outstanding %(amount)s can be paid on this contribution.",
                amount=f"¥{max(outstanding, 0):,}",
            )
        )
    partner = contribution.partner
    debit_code = chart.CASH if contribution.kind == "money" else chart.PROPERTY
    entry = books.post(
        actor=actor,
        organisation=organisation,
        entry_date=received_on,
        kind="contribution",
        description=book_text(
            organisation,
            lambda: _("Contribution from %(name)s (instalment)", name=partner.name),
        )[:400],
        lines=[
            {"account": debit_code, "debit": paid, "credit": 0},
            {"account": chart.capital_account(organisation, partner), "debit": 0, "credit": paid},
        ],
        audit_tag="ledger:entry:post",
    )
    payment = ContributionPayment(
        contribution_id=contribution.id,
        amount=paid,
        received_on=received_on,
        entry_id=entry.id,
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(payment)
    db.session.flush()
    db.session.expire(contribution, ["payments"])
    audit.record(
        tag="ledger:contribution:payment",
        actor=actor,
        organisation_id=organisation.id,
        target=contribution,
        diff={
            "amount": [None, paid],
            "received_on": [None, received_on],
            "received": [
                contribution.agreed_amount - outstanding,
                contribution_received(contribution),
            ],
        },
    )
    if partner.status == "pending" and is_fully_paid(organisation, partner):
        # Resolutions make an adopted admission effective (Act 24): told, not imported.
        signals.contribution_fully_paid.send(partner, organisation=organisation, actor=actor)
    return contribution


def list_contributions(*, actor, organisation) -> list[Contribution]:
    """Every contribution of the organisation in recording order (amounts in integer yen). Raises PermissionDenied (needs ledger:read)."""
    policy.require(actor, organisation, "ledger:read")
    return list(
        db.session.scalars(
            select(Contribution)
            .where(Contribution.organisation_id == organisation.id)
            .order_by(Contribution.id)
        )
    )


def is_fully_paid(organisation, partner) -> bool:
    """True when the partner has a stated contribution and all of it is received (Act 3(1))."""
    d = contributions_by_partner(organisation).get(partner.id)
    return bool(d and d["fully_paid"])


def total_contributions(organisation, on: dt.date | None = None) -> int:
    """Contributions received by `on` of the partners still in the LLP on that day: a partner
    that withdrew or was expelled leaves the totals (its share is refunded, Act 25-26)."""

    left = {
        p.id
        for p in partners_in(organisation)
        if p.withdrawn_on is not None and (on is None or p.withdrawn_on <= on)
    }
    return sum(
        d["received"]
        for pid, d in contributions_by_partner(organisation, on).items()
        if pid not in left
    )
