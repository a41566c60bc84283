"""Act 3(2), 37: an LLP needs two partners and one resident or incorporated in Japan. A
withdrawal or expulsion that would break this is refused unless the user records that the LLP
enters dissolution or names the pending partner who will cure it within two weeks."""

from __future__ import annotations

import datetime as dt

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.partners.models import Partner

CURE_DAYS = 14  # Act 37: two weeks to restore two partners / a domestic partner
CURE_SETTING = "composition_cure"


def composition_problem(organisation, leaving: Partner) -> str | None:
    """What the LLP would lack without `leaving` (Act 3(2)): "two_partners" when fewer than two
    active partners remain, "domestic_partner" when none of them is resident or incorporated in
    Japan; None when nothing (or the organisation is not a Japanese LLP)."""
    if not organisation.is_jp_llp:
        return None
    remaining = [
        p
        for p in db.session.scalars(
            select(Partner).where(
                Partner.organisation_id == organisation.id, Partner.status == "active"
            )
        )
        if p.id != leaving.id
    ]
    if len(remaining) < 2:
        return "two_partners"
    if not any(p.is_domestic for p in remaining):
        return "domestic_partner"
    return None


def check_composition(
    organisation, leaving: Partner, *, dissolution: bool = False, cure_partner_id=None
) -> dict:
    """Refuse a withdrawal or expulsion that would leave fewer than two partners or no domestic
    partner (Act 3(2), 37) unless the user records that the LLP enters dissolution or names the
    pending partner who will cure it within two weeks. Returns what to record ({} when fine).
    Raises ValidationError(dissolution, cure_partner_id)."""
    problem = composition_problem(organisation, leaving)
    if problem is None:
        return {}
    if not dissolution and cure_partner_id is None:
        lacks = (
            _("fewer than two partners")
            if problem == "two_partners"
            else _("no partner resident or incorporated in Japan")
        )
        raise ValidationError(
            _(
                "Without %(name)s the LLP would have %(lacks)s: it dissolves unless this is "
                "cured within two weeks (LLP Act 3(2), 37). Record that the LLP enters "
                "dissolution, or name the partner (registered as pending) who will cure it.",
                name=leaving.display_name(str(get_locale())),
                lacks=lacks,
            ),
            dissolution=_("Record that the LLP enters dissolution (Act 37)."),
            cure_partner_id=_("Or name the partner who will cure it within two weeks."),
        )
    if cure_partner_id is not None:
        cure = (
            db.session.get(Partner, cure_partner_id) if isinstance(cure_partner_id, int) else None
        )
        if (
            cure is None
            or cure.organisation_id != organisation.id
            or cure.status != "pending"
            or (problem == "domestic_partner" and not cure.is_domestic)
        ):
            raise ValidationError(
                cure_partner_id=_(
                    "Name a partner of this organisation registered as pending admission (a "
                    "domestic one when the domestic partner leaves)."
                )
            )
    return {
        "problem": problem,
        "dissolution": bool(dissolution),
        "cure_partner_id": cure_partner_id,
    }


def lawful(organisation) -> bool:
    """Two or more active partners, one of them resident or incorporated in Japan (Act 3(2))."""
    active = list(
        db.session.scalars(
            select(Partner).where(
                Partner.organisation_id == organisation.id, Partner.status == "active"
            )
        )
    )
    return len(active) >= 2 and any(p.is_domestic for p in active)


def mark_cured(*, actor, organisation, on: dt.date) -> dict | None:
    """Once the composition is lawful again (an admission or activation restored the second or
    the domestic partner, Act 3(2), 37), mark the open cure as done on `on` (a legal-zone date),
    audited as org:composition_cure. Returns the updated record, or None when there is no open
    cure, the LLP recorded its dissolution, or the composition is still short."""
    cure = organisation.setting(CURE_SETTING)
    if not cure or cure.get("cured_on") or cure.get("dissolution") or not lawful(organisation):
        return None
    value = cure | {
        "cured_on": on.isoformat(),
        "in_time": on.isoformat() <= cure["deadline"],
    }
    organisation.settings = {**(organisation.settings or {}), CURE_SETTING: value}
    audit.record(
        tag="org:composition_cure",
        actor=actor,
        organisation_id=organisation.id,
        target=organisation,
        diff={CURE_SETTING: [cure, value]},
    )
    return value


def record_cure(*, actor, organisation, partner: Partner, on: dt.date, cure: dict) -> None:
    """Record the cure deadline (two weeks from the leaving date) in the settings, audited."""
    if not cure:
        return
    value = cure | {
        "leaving_partner_id": partner.id,
        "since": on.isoformat(),
        "deadline": (on + dt.timedelta(days=CURE_DAYS)).isoformat(),
    }
    old = organisation.setting(CURE_SETTING)
    organisation.settings = {**(organisation.settings or {}), CURE_SETTING: value}
    audit.record(
        tag="org:composition_cure",
        actor=actor,
        organisation_id=organisation.id,
        target=organisation,
        diff={CURE_SETTING: [old, value]},
    )
