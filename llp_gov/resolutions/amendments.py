"""Amendments of the partnership agreement (LLP Act 5): what an amendment resolution carries and
how its adoption applies it.

Once the agreement is in effect its Act 4(3) items change only this way: the organisation's
items (name, business, office, duration, fiscal year: orgs.services), each partner's name and
address (partners.services) and each partner's contribution (the books: ledger.capital). The
payload of an amendment resolution is {"changes": {field: value}, "partners": {partner_id:
{"name"?, "address"?}}, "contributions": {partner_id: new contributed value in yen}}, each part
optional, at least one change in all. Source: https://laws.e-gov.go.jp/law/417AC0000000040
(Art. 4(3), 5).
"""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from llp_gov.config import MAX_ID
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.ledger import capital
from llp_gov.ledger import years as ledger_years
from llp_gov.orgs import services as org_services
from llp_gov.orgs.models import Organisation
from llp_gov.partners import amendments as partner_amendments
from llp_gov.partners.models import Partner
from llp_gov.web import yen as format_yen


def _clean_contributions(organisation: Organisation, values: Any) -> dict[str, int]:
    """{str(partner_id): new total contributed value} for values above today's pledge.

    A lower value would give capital back: that is a return of capital (Act 34(2)), refused
    here with that path named. Raises ValidationError(contributions)."""
    if not isinstance(values, dict):
        raise ValidationError(contributions=_("Give each partner's new contribution in yen."))
    current = capital.contributions_by_partner(organisation)
    out: dict[str, int] = {}
    for key, value in values.items():
        pid = int(key) if str(key).isdigit() else None
        partner = db.session.get(Partner, pid) if pid and pid <= MAX_ID else None
        if partner is None or partner.organisation_id != organisation.id:
            raise ValidationError(contributions=_("Choose a partner of this organisation."))
        if partner.status == "pending":
            raise ValidationError(
                contributions=_(
                    "%(name)s is pending admission: its contribution is pledged in the books.",
                    name=partner.display_name(str(get_locale())),
                )
            )
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValidationError(contributions=_("Give the new contribution in whole yen."))
        agreed = (current.get(partner.id) or {}).get("agreed", 0)
        if value == agreed:
            continue
        if value < agreed:
            raise ValidationError(
                contributions=_(
                    "%(name)s's contribution is %(agreed)s: a lower value gives capital back, "
                    "which is a return of capital decided by all partners (LLP Act 34(2)). Open "
                    "a return-of-capital resolution instead.",
                    name=partner.display_name(str(get_locale())),
                    agreed=format_yen(agreed),
                )
            )
        out[str(partner.id)] = value
    return out


def clean(organisation: Organisation, payload: dict) -> dict:
    """Check an amendment's payload at its opening and return what the resolution records.

    Raises ValidationError: `changes` (nothing changed, an item that cannot be amended, a value
    the organisation would refuse, or a start month the books cannot take), `partners`,
    `contributions`."""
    out: dict[str, Any] = {}
    if payload.get("changes"):
        changes = org_services.clean_amendment(organisation, payload["changes"])
        if "fiscal_year_start_month" in changes:
            ledger_years.check_month_change(organisation, changes["fiscal_year_start_month"])
        out["changes"] = changes
    if payload.get("partners"):
        partners = partner_amendments.clean_amendment(organisation, payload["partners"])
        if partners:
            out["partners"] = partners
    if payload.get("contributions"):
        contributions = _clean_contributions(organisation, payload["contributions"])
        if contributions:
            out["contributions"] = contributions
    if not out:
        raise ValidationError(changes=_("The amendment changes nothing."))
    return out


def apply(*, actor, organisation: Organisation, resolution) -> dict:
    """Apply an adopted amendment: the organisation's items (audited org:amend), the partners'
    names and addresses (partner:amend) and the added pledges (ledger:contribution:record with
    the resolution's id). Returns what was done, stored with the resolution; a value no longer
    acceptable (something changed since the opening) leaves everything of this amendment
    unapplied and says why."""
    amended: list[str] = []
    try:
        # Checked again as a whole before anything is written (the register or the books may
        # have changed since the opening).
        payload = clean(organisation, resolution.payload or {})
        if payload.get("changes"):
            # A new start month applies from the next fiscal year, with an explicit transition
            # period (the books' year model, ledger.years); no closed year is re-dated.
            month = payload["changes"].get("fiscal_year_start_month")
            books_diff = (
                ledger_years.schedule_fiscal_year_change(organisation=organisation, month=month)
                if month is not None
                else {}
            )
            diff = org_services.apply_amendment(
                actor=actor,
                organisation=organisation,
                changes=payload["changes"],
                resolution_id=resolution.id,
                books_diff=books_diff,
            )
            amended += sorted(k for k in diff if k != "resolution_id")
        if payload.get("partners"):
            done = partner_amendments.apply_amendment(
                actor=actor,
                organisation=organisation,
                changes=payload["partners"],
                resolution_id=resolution.id,
            )
            amended += [f"partner:{pid}:{field}" for pid, d in done.items() for field in d]
        for key, value in (payload.get("contributions") or {}).items():
            partner = db.session.get_one(Partner, int(key))  # clean() checked it above
            current = capital.contributions_by_partner(organisation).get(partner.id) or {}
            kind = current.get("kind")
            capital.record_contribution(
                actor=actor,
                organisation=organisation,
                partner=partner,
                kind=kind if kind in ("money", "property") else "money",
                agreed_amount=value - current.get("agreed", 0),
                valuation_basis=(current.get("valuation_bases") or [None])[0]
                if kind == "property"
                else None,
                amendment_resolution_id=resolution.id,
            )
            amended.append(f"partner:{key}:contribution")
    except ValidationError as exc:
        return {"amendment": None, "amendment_error": str(exc) or "; ".join(exc.fields.values())}
    return {"amendment": "applied", "amended": amended}
