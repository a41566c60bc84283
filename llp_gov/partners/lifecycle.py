"""A partner's admission, withdrawal and expulsion (LLP Act 24-27), with the composition rule
of Act 3(2), 37 (composition.py). Source: https://laws.e-gov.go.jp/law/417AC0000000040"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.partners.composition import check_composition, mark_cured, record_cure
from llp_gov.partners.models import Partner


def record_withdrawal(
    *,
    actor,
    organisation,
    partner: Partner,
    on: dt.date,
    reason: str,
    dissolution: bool = False,
    cure_partner_id: int | None = None,
) -> Partner:
    """Record a partner's voluntary withdrawal (Act 25): a partner's act, not a vote.

    From `on` (a legal-zone date) the partner has no vote, allocation or distribution. When it
    would leave fewer than two partners or no domestic one (Act 3(2), 37) the user records
    `dissolution=True` or names a pending `cure_partner_id`; the two-week deadline is shown on
    the compliance panel. Raises ValidationError(status | reason | dissolution |
    cure_partner_id)."""
    policy.require(actor, organisation, "partner:withdraw")
    if not partner.is_active:
        raise ValidationError(status=_("Only an active partner can withdraw."))
    if not (reason or "").strip():
        raise ValidationError(reason=_("State the reason for the withdrawal."))
    cure = check_composition(
        organisation, partner, dissolution=dissolution, cure_partner_id=cure_partner_id
    )
    diff = {
        "status": [partner.status, "withdrawn"],
        "withdrawn_on": [None, on.isoformat()],
        "withdrawal_reason": [None, reason],
    }
    partner.status, partner.withdrawn_on, partner.withdrawal_reason = "withdrawn", on, reason
    audit.record(
        tag="partner:withdraw",
        actor=actor,
        organisation_id=organisation.id,
        target=partner,
        diff=diff,
    )
    record_cure(actor=actor, organisation=organisation, partner=partner, on=on, cure=cure)
    return partner


def record_admission(*, actor, organisation, partner: Partner, on: dt.date) -> Partner:
    """Make a pending partner active on `on` (a legal-zone date) once its admission resolution
    is adopted and its contribution fully paid (LLP Act 24, 3(1)); audited as partner:admit.
    If this restores two partners / a domestic partner, an open composition cure is marked done
    (Act 3(2), 37). Raises ValidationError(status) when the partner is not pending."""
    if partner.status != "pending":
        raise ValidationError(status=_("Only a partner pending admission can be admitted."))
    diff = {
        "status": [partner.status, "active"],
        "admitted_on": [partner.admitted_on, on.isoformat()],
    }
    partner.status, partner.admitted_on = "active", on
    audit.record(
        tag="partner:admit", actor=actor, organisation_id=organisation.id, target=partner, diff=diff
    )
    db.session.flush()
    mark_cured(actor=actor, organisation=organisation, on=on)
    return partner


def record_expulsion(
    *, actor, organisation, partner: Partner, on: dt.date, reason: str, cure: dict | None = None
) -> Partner:
    """Record an expulsion decided by the other partners (Act 27; statutory withdrawal, Act 26).
    `cure`: what the resolution recorded under check_composition (dissolution or the partner
    who cures), kept with its two-week deadline."""
    if not partner.is_active:
        raise ValidationError(status=_("Only an active partner can be expelled."))
    diff = {
        "status": [partner.status, "expelled"],
        "withdrawn_on": [None, on.isoformat()],
        "withdrawal_reason": [None, reason],
    }
    partner.status, partner.withdrawn_on, partner.withdrawal_reason = "expelled", on, reason[:400]
    audit.record(
        tag="partner:expel", actor=actor, organisation_id=organisation.id, target=partner, diff=diff
    )
    record_cure(actor=actor, organisation=organisation, partner=partner, on=on, cure=cure or {})
    return partner
