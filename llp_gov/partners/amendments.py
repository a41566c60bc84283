"""Amendments of a partner's Act 4(3) items (name, address) once the agreement is in effect
(LLP Act 5): checked when the amendment resolution opens, applied when it is adopted.
Source: https://laws.e-gov.go.jp/law/417AC0000000040"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _

from llp_gov.audit import services as audit
from llp_gov.config import MAX_ID
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.partners.models import Partner
from llp_gov.partners.services import AGREEMENT_ITEMS, FIELDS, _clean, _validate


def clean_amendment(organisation, changes) -> dict:
    """The partners' new Act 4(3) items an amendment carries, checked at its opening.

    `changes`: {partner_id: {"name"?: str, "address"?: str}} for partners of this organisation
    in the agreement (not pending). Returns {str(partner_id): {field: new value}} with only the
    values that differ (the register's limits and the name rule apply). Raises
    ValidationError(partners) naming the partner or field at fault."""
    if not isinstance(changes, dict):
        raise ValidationError(partners=_("Give each partner's new name or address."))
    out: dict[str, dict] = {}
    for key, values in changes.items():
        pid = int(key) if str(key).isdigit() else None
        partner = db.session.get(Partner, pid) if pid and pid <= MAX_ID else None
        if partner is None or partner.organisation_id != organisation.id:
            raise ValidationError(partners=_("Choose a partner of this organisation."))
        if partner.status == "pending":
            raise ValidationError(
                partners=_(
                    "%(name)s is pending admission: its details are not yet in the agreement and "
                    "change on the register.",
                    name=partner.display_name(str(get_locale())),
                )
            )
        if not isinstance(values, dict) or set(values) - set(AGREEMENT_ITEMS):
            raise ValidationError(partners=_("An amendment changes a partner's name or address."))
        new = {k: v for k, v in _clean(dict(values)).items() if v != getattr(partner, k)}
        if not new:
            continue
        merged = {f: getattr(partner, f) for f in FIELDS} | new
        try:
            _validate(organisation, merged, partner)
        except ValidationError as exc:
            raise ValidationError(
                partners=f"{partner.name}: " + "; ".join(exc.fields.values())
            ) from None
        out[str(partner.id)] = new
    return out


def apply_amendment(*, actor, organisation, changes: dict, resolution_id: int) -> dict:
    """Apply an adopted amendment's new partner names and addresses (Act 5, 4(3)).

    `changes`: as returned by clean_amendment. Each partner's change is audited as
    partner:amend with its diff and the resolution's id. Returns {partner_id: diff}. Raises
    ValidationError when a value is no longer acceptable (the caller records why)."""
    done: dict[str, dict] = {}
    for key, values in clean_amendment(organisation, changes).items():
        partner = db.session.get(Partner, int(key))
        diff = audit.diff_of(partner, values)
        for field, value in values.items():
            setattr(partner, field, value)
        audit.record(
            tag="partner:amend",
            actor=actor,
            organisation_id=organisation.id,
            target=partner,
            diff=diff | {"resolution_id": [None, resolution_id]},
        )
        done[key] = diff
    return done
