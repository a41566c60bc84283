"""Profit and loss ratio agreements differing from the contributions (LLP Act 33; Ord. 36: all
partners agree, stating each ratio, the reason and the start date). A ratio starting inside a
fiscal year applies from its start date (segments.py splits the year)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.ledger import books, signals
from llp_gov.ledger.allocation import to_fraction
from llp_gov.ledger.capital import contributions_by_partner
from llp_gov.ledger.models import RatioAgreement, RatioShare
from llp_gov.partners.models import Partner


def adopt_ratio_agreement(
    *,
    actor,
    organisation,
    ratios: dict,
    reason: str,
    starts_on: dt.date,
    document_id: int | None = None,
    resolution_id: int | None = None,
) -> RatioAgreement:
    """Record a unanimous, signed ratio agreement: each active partner's ratio, reason, start date.

    A resolution adopted by all partners (resolution_id) or the signed agreement attached as a
    document (document_id) is the evidence of unanimity; one of them is required."""

    if resolution_id is None:
        policy.require(actor, organisation, "ratio:record")
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _(
            "State why the ratio differs from the contributions and why it is reasonable."
        )
    if not isinstance(starts_on, dt.date):
        errors["starts_on"] = _("Give the date the ratio starts.")
    if not _unanimous_ratio_resolution(organisation, resolution_id):
        errors["resolution_id"] = _(
            "A profit and loss ratio differing from the contributions is agreed only by a "
            "profit and loss ratio resolution adopted by all partners, stating each ratio, the "
            "reason and the start date (LLP Act 33, Ord. 36). Open one."
        )
    if document_id is not None:
        try:
            books._check_document(organisation, document_id)
        except ValidationError as exc:
            errors.update(exc.fields)
    active = list(
        db.session.scalars(
            select(Partner).where(
                Partner.organisation_id == organisation.id, Partner.status == "active"
            )
        )
    )
    parsed: dict[int, Fraction] = {}
    for key, value in (ratios or {}).items():
        try:
            pid = int(key)
            parsed[pid] = to_fraction(value)
        except (TypeError, ValueError):
            errors[f"ratios.{key}"] = _("Give each ratio as a numerator and a denominator.")
    if not errors:
        active_ids = {p.id for p in active}
        if set(parsed) != active_ids:
            errors["ratios"] = _(
                "Give a ratio for every active partner, and for no one else (unanimous agreement)."
            )
        elif any(r < 0 for r in parsed.values()) or sum(parsed.values()) != 1:
            errors["ratios"] = _("The ratios must be non-negative and add up to exactly 1.")
    if errors:
        raise ValidationError(_("The ratio agreement was not recorded."), **errors)
    paid = contributions_by_partner(organisation, starts_on)
    paid_total = sum(paid.get(pid, {}).get("received", 0) for pid in parsed)
    contribution_ratios = {
        str(pid): f"{paid.get(pid, {}).get('received', 0)}/{paid_total}" for pid in parsed
    }
    agreement = RatioAgreement(
        organisation_id=organisation.id,
        starts_on=starts_on,
        contribution_ratios=contribution_ratios,
        reason=reason.strip(),
        document_id=document_id,
        resolution_id=resolution_id,
        adopted_by_id=getattr(actor, "id", None),
    )
    db.session.add(agreement)
    db.session.flush()
    for pid, r in parsed.items():
        db.session.add(
            RatioShare(
                agreement_id=agreement.id,
                partner_id=pid,
                numerator=r.numerator,
                denominator=r.denominator,
            )
        )
    audit.record(
        tag="ledger:ratio:adopt",
        actor=actor,
        organisation_id=organisation.id,
        target=agreement,
        diff={
            "starts_on": [None, starts_on],
            "reason": [None, agreement.reason],
            "ratios": [None, {str(k): f"{v.numerator}/{v.denominator}" for k, v in parsed.items()}],
            "contribution_ratios": [None, contribution_ratios],
            "document_id": [None, document_id],
            "resolution_id": [None, resolution_id],
        },
    )
    return agreement


def _unanimous_ratio_resolution(organisation, resolution_id) -> bool:
    """An adopted profit_loss_ratio resolution of this organisation for which every entitled
    partner voted in favour (all partners, Ord. 36)."""
    resolution = signals.find_resolution(organisation, resolution_id)
    return (
        resolution is not None
        and resolution.matter == "profit_loss_ratio"
        and resolution.status == "adopted"
        and bool(resolution.votes)
        and all(v.vote == "for" for v in resolution.votes)
    )


def agreement_for(organisation, starts_on: dt.date) -> RatioAgreement | None:
    """The agreement in force on `starts_on` (the latest starting on or before it). A ratio
    starting inside a year applies from its start date (see segments.py)."""
    return db.session.scalars(
        select(RatioAgreement)
        .where(
            RatioAgreement.organisation_id == organisation.id, RatioAgreement.starts_on <= starts_on
        )
        .order_by(RatioAgreement.starts_on.desc(), RatioAgreement.id.desc())
    ).first()


def agreements_starting(organisation, after: dt.date, until: dt.date) -> list[RatioAgreement]:
    """Ratio agreements starting inside a year (after its first day, up to its last)."""
    return list(
        db.session.scalars(
            select(RatioAgreement)
            .where(
                RatioAgreement.organisation_id == organisation.id,
                RatioAgreement.starts_on > after,
                RatioAgreement.starts_on <= until,
            )
            .order_by(RatioAgreement.starts_on)
        )
    )


def list_agreements(*, actor, organisation) -> list[RatioAgreement]:
    """The organisation's ratio agreements, earliest start first. Raises PermissionDenied
    (needs ledger:read)."""
    policy.require(actor, organisation, "ledger:read")
    return list(
        db.session.scalars(
            select(RatioAgreement)
            .where(RatioAgreement.organisation_id == organisation.id)
            .order_by(RatioAgreement.starts_on)
        )
    )
