"""What a resolution proposes and what its adoption did, in words (the reader's language).

The resolution's page, its certificate and the board's minutes show these so that partners vote
on the particulars, not on a title: an amendment's items with their current and proposed values
(Act 5, Act 4(3) items), the partner admitted and its contribution (Act 24), the partner expelled
and the cause stated (Act 27), the profit and loss ratios (Ord. 36); and, once closed, the effects
recorded with the resolution (resolutions.effects.apply). Source of the articles:
https://laws.e-gov.go.jp/law/417AC0000000040
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from babel.dates import get_month_names
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from llp_gov.db import db
from llp_gov.ledger.capital import contributions_by_partner
from llp_gov.orgs.models import Organisation
from llp_gov.partners.models import Partner
from llp_gov.resolutions.models import Resolution
from llp_gov.web import local_date
from llp_gov.web import yen as format_yen

ORG_ITEMS = {
    "name": _l("Name of the partnership"),
    "business_purpose": _l("Business purpose"),
    "office_address": _l("Principal office"),
    "end_date": _l("End of duration"),
    "fiscal_year_start_month": _l("First month of the fiscal year"),
}
PARTNER_ITEMS = {"name": _l("Name"), "address": _l("Address")}


@dataclass(frozen=True)
class Item:
    """One particular: its label, the value today (None when it has none) and the proposal."""

    label: str
    current: str | None
    proposed: str


def _words(field: str, value: Any) -> str:
    """An organisation item's value as a reader writes it (a date, a month's name)."""
    if value is None or value == "":
        return "—"
    if field == "end_date":
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        return local_date(day)
    if field == "fiscal_year_start_month":
        return str(get_month_names("wide", locale=str(get_locale() or "en"))[int(value)])
    return str(value)


def current_values(organisation: Organisation, payload: dict) -> dict[str, Any]:
    """The values an amendment's payload replaces, as they stand now, to be kept with the
    resolution at its opening: {"changes": {field: value}, "partners": {pid: {field: value}},
    "contributions": {pid: yen}} (dates as YYYY-MM-DD)."""
    out: dict[str, Any] = {}
    changes = {}
    for field in payload.get("changes") or {}:
        value = getattr(organisation, field, None)
        changes[field] = value.isoformat() if isinstance(value, dt.date) else value
    if changes:
        out["changes"] = changes
    partners = {}
    for pid, fields in (payload.get("partners") or {}).items():
        partner = db.session.get(Partner, int(pid))
        if partner is not None:
            partners[str(pid)] = {f: getattr(partner, f, None) for f in fields}
    if partners:
        out["partners"] = partners
    if payload.get("contributions"):
        books = contributions_by_partner(organisation)
        out["contributions"] = {
            str(pid): (books.get(int(pid)) or {}).get("agreed", 0)
            for pid in payload["contributions"]
        }
    return out


def _partner_name(pid: Any, locale: str) -> str:
    partner = db.session.get(Partner, int(pid)) if str(pid).isdigit() else None
    return partner.display_name(locale) if partner is not None else str(pid)


def _amendment(organisation: Organisation, payload: dict, locale: str, closed: bool) -> list[Item]:
    before = payload.get("current") or {}
    items = []
    for field, value in (payload.get("changes") or {}).items():
        current: str | None
        if "changes" in before:
            current = _words(field, before["changes"].get(field))
        else:
            # Opened before the values were kept: today's value is the current one while open.
            current = None if closed else _words(field, getattr(organisation, field, None))
        items.append(Item(str(ORG_ITEMS.get(field, field)), current, _words(field, value)))
    for pid, fields in (payload.get("partners") or {}).items():
        name = _partner_name(pid, locale)
        old = (before.get("partners") or {}).get(str(pid)) or {}
        for field, value in fields.items():
            label = f"{name}: {PARTNER_ITEMS.get(field, field)}"
            items.append(Item(label, old.get(field) or ("—" if old else None), str(value)))
    for pid, value in (payload.get("contributions") or {}).items():
        old_yen = (before.get("contributions") or {}).get(str(pid))
        label = _("%(partner)s: contribution", partner=_partner_name(pid, locale))
        items.append(
            Item(label, format_yen(old_yen) if old_yen is not None else None, format_yen(value))
        )
    return items


def particulars(organisation: Organisation, resolution: Resolution, locale: str) -> list[Item]:
    """What the resolution proposes, item by item, in the current locale's words."""
    payload = resolution.payload or {}
    closed = resolution.status != "open"
    subject = resolution.subject_partner
    if resolution.matter == "amendment":
        return _amendment(organisation, payload, locale, closed)
    if resolution.matter == "admission" and subject is not None:
        agreed = (contributions_by_partner(organisation).get(subject.id) or {}).get("agreed")
        return [
            Item(str(_("Partner to be admitted")), None, subject.display_name(locale)),
            Item(
                str(_("Contribution")),
                None,
                format_yen(agreed) if agreed else _("none recorded yet"),
            ),
        ]
    if resolution.matter == "expulsion" and subject is not None:
        items = [
            Item(str(_("Partner to be expelled")), None, subject.display_name(locale)),
            Item(str(_("Cause stated")), None, resolution.text or "—"),
        ]
        cure = payload.get("cure") or {}
        if cure.get("dissolution"):
            items.append(Item(str(_("Composition")), None, _("the partnership enters dissolution")))
        elif cure.get("cure_partner_id"):
            items.append(
                Item(
                    str(_("Partner who cures the composition")),
                    None,
                    _partner_name(cure["cure_partner_id"], locale),
                )
            )
        return items
    if resolution.matter == "profit_loss_ratio" and payload.get("ratios"):
        items = [
            Item(_partner_name(pid, locale), None, f"{value} %")
            for pid, value in payload["ratios"].items()
        ]
        items.append(Item(str(_("Reason")), None, str(payload.get("reason") or "—")))
        if payload.get("starts_on"):
            items.append(
                Item(str(_("Applies from")), None, _words("end_date", payload["starts_on"]))
            )
        return items
    return []


def effects(resolution: Resolution) -> list[str]:
    """The recorded effects of a closed resolution, one sentence each (none while open)."""
    fx = resolution.effects or {}
    lines = []
    if fx.get("admission") == "waiting_for_contribution":
        lines.append(
            _("Admitted: the partner becomes a partner once its contribution is received.")
        )
    elif fx.get("admission") == "effective":
        lines.append(
            _("The admission took effect on %(date)s.", date=_words("end_date", fx["admitted_on"]))
        )
    elif fx.get("admission"):
        lines.append(_("No admission was needed: the partner was no longer pending."))
    if fx.get("expelled_on"):
        lines.append(
            _(
                "Expelled on %(date)s; notice sent to %(to)s.",
                date=_words("end_date", fx["expelled_on"]),
                to=fx.get("notice_to") or "—",
            )
        )
    if fx.get("ratio_agreement"):
        lines.append(_("The ratio became the ledger's ratio agreement."))
    if fx.get("ratio_error"):
        lines.append(_("The ledger did not take the ratio: %(why)s", why=fx["ratio_error"]))
    if fx.get("amendment") == "applied":
        lines.append(_("The amendment was applied to the agreement's items shown above."))
    if "amendment" in fx and fx.get("amendment") is None:
        lines.append(
            _("The amendment was not applied: %(why)s", why=fx.get("amendment_error") or "—")
        )
    if resolution.status == "rejected" and not lines and not fx.get("project_status"):
        lines.append(_("Not adopted: nothing was changed."))
    return lines


def printed(organisation: Organisation, resolution: Resolution) -> dict[str, Any]:
    """The particulars and effects for a printed Japanese document with English glosses (the
    certificate, the minutes), as plain data for the attached JSON: {"items": [{"label",
    "label_en", "current" (None when the item has none), "proposed", "proposed_en"}],
    "effects": [{"ja", "en"}]}."""
    found: dict[str, tuple[list[Item], list[str]]] = {}
    for language in ("ja", "en"):
        with force_locale(language):
            found[language] = (
                particulars(organisation, resolution, language),
                [str(line) for line in effects(resolution)],
            )
    (items, fx), (items_en, fx_en) = found["ja"], found["en"]
    return {
        "items": [
            {
                "label": ja.label,
                "label_en": en.label,
                "current": ja.current,
                "proposed": ja.proposed,
                "proposed_en": en.proposed,
            }
            for ja, en in zip(items, items_en, strict=True)
        ],
        "effects": [{"ja": ja, "en": en} for ja, en in zip(fx, fx_en, strict=True)],
    }
