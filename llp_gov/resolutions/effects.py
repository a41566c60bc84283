"""What an adopted (or rejected) resolution changes elsewhere, applied when its closing is recorded."""

from __future__ import annotations

import datetime as dt

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.db import db, utcnow
from llp_gov.errors import ValidationError
from llp_gov.ledger.services import adopt_ratio_agreement
from llp_gov.ledger.services import is_fully_paid as ledger_is_fully_paid
from llp_gov.notifications import kinds
from llp_gov.notifications.services import notify, path_for
from llp_gov.orgs.models import Organisation
from llp_gov.orgs.services import today_in
from llp_gov.partners import services as partners
from llp_gov.partners.models import Partner
from llp_gov.resolutions import amendments, signals
from llp_gov.resolutions.models import Resolution


def _today(organisation) -> dt.date:
    return today_in(organisation)


def is_fully_paid(organisation, partner) -> bool:
    """The ledger's answer: is the new partner's whole contribution received?"""
    return bool(ledger_is_fully_paid(organisation, partner))


def _subject(resolution: Resolution) -> Partner:
    """The partner an admission or expulsion concerns (the opening requires one)."""
    partner = resolution.subject_partner
    if partner is None:
        raise ValueError(f"resolution {resolution.id} ({resolution.matter}) names no partner")
    return partner


def apply(*, actor, organisation, resolution: Resolution, adopted: bool) -> dict:
    """Apply the effects of a closed resolution and return what was done (stored with it)."""
    done: dict = {}
    if resolution.project_id is not None:
        # The projects domain moves the project (projects.workflow.on_resolution_closed).
        signals.resolution_closed.send(resolution, organisation=organisation, adopted=adopted)
        done["project_status"] = resolution.project.status if resolution.project else None
    if not adopted:
        return done
    if resolution.matter == "admission":
        done |= admit_if_paid(actor=actor, organisation=organisation, resolution=resolution)
    elif resolution.matter == "expulsion":
        done |= expel(actor=actor, organisation=organisation, resolution=resolution)
    elif resolution.matter == "profit_loss_ratio":
        done |= adopt_ratio(actor=actor, organisation=organisation, resolution=resolution)
    elif resolution.matter == "amendment":
        done |= amend(actor=actor, organisation=organisation, resolution=resolution)
    return done


def amend(*, actor, organisation, resolution: Resolution) -> dict:
    """An adopted amendment (Act 5) applies the new values it carries (see amendments.apply)."""
    return amendments.apply(actor=actor, organisation=organisation, resolution=resolution)


def admit_if_paid(*, actor, organisation, resolution: Resolution) -> dict:
    """An admission takes effect once the new partner's contribution is received (Act 24)."""
    partner = _subject(resolution)
    if partner.status != "pending":
        return {"admission": partner.status}
    if not is_fully_paid(organisation, partner):
        return {"admission": "waiting_for_contribution"}
    on = _today(organisation)
    partners.record_admission(actor=actor, organisation=organisation, partner=partner, on=on)
    return {"admission": "effective", "admitted_on": on.isoformat()}


@kinds.kind("resolutions.expelled")
def _expulsion_notice(params: dict) -> tuple[str, str]:
    """The notice to the expelled partner (Act 27), in the reader's language:
    the organisation's and the partner's names in it when they have one, the date in its format."""
    locale = kinds.locale_code()
    org = db.session.get(Organisation, params["organisation_id"])
    partner = db.session.get(Partner, params["partner_id"])
    subject = _(
        "Notice of expulsion from %(org)s",
        org=org.display_name(locale) if org else params["organisation"],
    )
    body = _(
        "By resolution no. %(id)d (“%(title)s”) the other partners expelled %(partner)s on %(date)s.",
        id=params["resolution_id"],
        title=params["title"],
        partner=partner.display_name(locale) if partner else params["partner"],
        date=format_date(dt.date.fromisoformat(params["date"])),
    )
    return subject, body


def expel(*, actor, organisation, resolution: Resolution) -> dict:
    """Record the expulsion and the notice to the expelled partner (Act 27)."""
    partner = _subject(resolution)
    on = _today(organisation)
    reason = _("Expelled by partner resolution no. %(id)d.", id=resolution.id)
    partners.record_expulsion(
        actor=actor,
        organisation=organisation,
        partner=partner,
        on=on,
        reason=reason,
        cure=(resolution.payload or {}).get("cure") or {},
    )
    notified = None
    if partner.representative_user is not None:
        notify(
            actor=actor,
            organisation=organisation,
            user=partner.representative_user,
            kind="resolutions.expelled",
            params={
                "organisation_id": organisation.id,
                "organisation": organisation.name,
                "resolution_id": resolution.id,
                "title": resolution.title,
                "partner_id": partner.id,
                "partner": partner.name,
                "date": on.isoformat(),
            },
            link=path_for(
                "resolutions.detail", slug=organisation.slug, resolution_id=resolution.id
            ),
        )
        notified = partner.representative_user.email
    audit.record(
        tag="resolution:expulsion_notice",
        actor=actor,
        organisation_id=organisation.id,
        target=resolution,
        diff={"partner_id": [None, partner.id], "notified": [None, notified]},
    )
    return {"expelled_on": on.isoformat(), "notice_to": notified, "notice_at": utcnow().isoformat()}


def adopt_ratio(*, actor, organisation, resolution: Resolution) -> dict:
    """An adopted profit and loss ratio becomes the ratio agreement the ledger allocates by."""
    payload = resolution.payload or {}
    try:
        agreement = adopt_ratio_agreement(
            actor=actor,
            organisation=organisation,
            ratios={int(k): (v, 100) for k, v in payload["ratios"].items()},
            reason=payload["reason"],
            starts_on=dt.date.fromisoformat(payload["starts_on"]),
            resolution_id=resolution.id,
        )
    except ValidationError as exc:
        # The partners changed since the opening (the ledger validates before writing): the
        # resolution stays adopted and says why the ledger did not take it.
        return {"ratio_agreement": None, "ratio_error": str(exc) or "; ".join(exc.fields.values())}
    return {"ratio_agreement": agreement.id}


def admissions_waiting(organisation=None) -> list[Resolution]:
    """Adopted admission resolutions whose partner is still pending (its contribution not yet fully paid, Act 24, 3(1)); of one organisation or of all."""
    stmt = select(Resolution).where(
        Resolution.matter == "admission", Resolution.status == "adopted"
    )
    if organisation is not None:
        stmt = stmt.where(Resolution.organisation_id == organisation.id)
    return [
        r
        for r in db.session.scalars(stmt)
        if r.subject_partner is not None and r.subject_partner.status == "pending"
    ]
