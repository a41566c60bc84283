"""Shape and business rules of a contract's fields, checked before anything is written.

Consumption tax (消費税) is computed once per contract on the amount excluding tax:
tax = floor(amount_excl_tax × rate / 100), i.e. fractions of a yen are rounded down (切り捨て),
the usual practice and the one the 適格請求書 rules allow per invoice and rate. Amounts are
integers in the currency's minor unit (yen, won); fractional amounts are refused, never rounded.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_babel import gettext as _

from llp_gov.contracts.models import DATE_STYLES, LANGUAGES, PARTY_KINDS, TAX_TREATMENTS, TYPES
from llp_gov.errors import ValidationError

LIMITS = {"title": 300, "governing_law": 200, "court": 200}
MAX_CLAUSES = 60
MAX_PARTIES = 100
MAX_CLAUSE_TEXT = 20000


def compute_tax(amount_excl_tax: int | None, treatment: str) -> tuple[int | None, int | None]:
    """Return (tax, amount including tax); tax is rounded down to a whole unit."""
    if amount_excl_tax is None:
        return None, None
    rate = TAX_TREATMENTS[treatment]
    tax = amount_excl_tax * rate // 100
    return tax, amount_excl_tax + tax


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _date(value: Any, field: str, errors: dict) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors[field] = _("Enter a date as YYYY-MM-DD.")
        return None


def _amount(value: Any, field: str, errors: dict) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{1,15}", value.replace(",", "").strip()):
        value = int(value.replace(",", "").strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not _is_int(value):
        errors[field] = _("Enter a whole number of yen (no fractions).")
        return None
    if value < 0:
        errors[field] = _("The amount cannot be negative.")
        return None
    if value >= 10**15:
        errors[field] = _("The amount is too large.")
        return None
    return value


def clean_clauses(clauses: Any, languages: list[str], errors: dict) -> list[dict]:
    """Each clause needs a body in every language of the contract (a title is optional)."""
    if clauses in (None, ""):
        return []
    if not isinstance(clauses, list) or len(clauses) > MAX_CLAUSES:
        errors["clauses"] = _("Enter at most %(n)d clauses.", n=MAX_CLAUSES)
        return []
    out = []
    for i, clause in enumerate(clauses):
        if not isinstance(clause, dict):
            errors[f"clauses.{i}"] = _("Enter an object.")
            continue
        title = clause.get("title") or {}
        body = clause.get("body") or {}
        if not isinstance(title, dict) or not isinstance(body, dict):
            errors[f"clauses.{i}"] = _(
                'Give the title and body per language, e.g. {"ja": ..., "en": ...}.'
            )
            continue
        clean: dict[str, dict[str, str]] = {"title": {}, "body": {}}
        for lang in languages:
            t = str(title.get(lang) or "").strip()
            b = str(body.get(lang) or "").strip()
            if not b:
                errors[f"clauses.{i}.body.{lang}"] = _(
                    "Write this clause in every language of the contract."
                )
            if len(t) > 300 or len(b) > MAX_CLAUSE_TEXT:
                errors[f"clauses.{i}"] = _("The clause is too long.")
            clean["title"][lang] = t
            clean["body"][lang] = b
        out.append(clean)
    return out


def clean_fields(data: dict, errors: dict) -> dict:
    """Check and normalise the scalar fields; errors go into `errors`."""
    out: dict[str, Any] = {}
    for field, limit in LIMITS.items():
        if field in data:
            value = (
                (data[field] or "").strip()
                if isinstance(data[field], str | type(None))
                else data[field]
            )
            if not isinstance(value, str):
                errors[field] = _("Enter text.")
                continue
            if len(value) > limit:
                errors[field] = _("At most %(n)d characters.", n=limit)
            out[field] = value or None
    if "title" in data and not out.get("title"):
        errors["title"] = _("This field is required.")
    if "contract_type" in data:
        if data["contract_type"] not in TYPES:
            errors["contract_type"] = _("Unknown contract type.")
        out["contract_type"] = data["contract_type"]
    if "language" in data:
        if data["language"] not in LANGUAGES:
            errors["language"] = _("Choose one of ja, en, ko, ja+en, ja+ko.")
        out["language"] = data["language"]
    if "date_style" in data:
        style = data["date_style"] or "wareki"
        if style not in DATE_STYLES:
            errors["date_style"] = _("Choose one of the allowed values.")
        out["date_style"] = style
    if "tax_treatment" in data:
        if data["tax_treatment"] not in TAX_TREATMENTS:
            errors["tax_treatment"] = _("Unknown consumption tax treatment.")
        out["tax_treatment"] = data["tax_treatment"]
    if "currency" in data:
        currency = (data["currency"] or "JPY").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            errors["currency"] = _("Use a three-letter currency code such as JPY or KRW.")
        out["currency"] = currency
    if "amount_excl_tax" in data:
        out["amount_excl_tax"] = _amount(data["amount_excl_tax"], "amount_excl_tax", errors)
    for field in ("start_date", "end_date", "signing_date"):
        if field in data:
            out[field] = _date(data[field], field, errors)
    return out


def check_dates(start: dt.date | None, end: dt.date | None, errors: dict) -> None:
    """Put an "end_date" error into `errors` when the end is before the start."""
    if start and end and end < start:
        errors["end_date"] = _("The end date is before the start date.")


def clean_party_inputs(parties: Any, errors: dict) -> list[dict]:
    """The parties as clean dicts (kind, partner_id/counterparty_id as int, representative
    title and name trimmed); problems go into `errors` keyed "parties" or "parties.<i>.<field>"."""
    if not isinstance(parties, list) or len(parties) < 2:
        errors["parties"] = _("A contract needs at least two parties.")
        return []
    if len(parties) > MAX_PARTIES:
        errors["parties"] = _("A contract has at most %(n)d parties.", n=MAX_PARTIES)
        return []
    out = []
    for i, party in enumerate(parties):
        if not isinstance(party, dict) or party.get("kind") not in PARTY_KINDS:
            errors[f"parties.{i}.kind"] = _("Choose the organisation, a partner or a counterparty.")
            continue
        clean = {"kind": party["kind"]}
        for key in ("partner_id", "counterparty_id"):
            value = party.get(key)
            if value is not None and value != "":
                try:
                    clean[key] = int(value)
                except (TypeError, ValueError):
                    errors[f"parties.{i}.{key}"] = _("Enter a whole number.")
        for key, limit in (("representative_title", 100), ("representative_name", 200)):
            value = str(party.get(key) or "").strip()
            if len(value) > limit:
                errors[f"parties.{i}.{key}"] = _("At most %(n)d characters.", n=limit)
            clean[key] = value or None
        out.append(clean)
    return out


def clean_milestones(milestones: Any, errors: dict) -> list[dict]:
    """The payment milestones (due_date as a date, amount in integer yen, description), at
    most 50; problems go into `errors` keyed "milestones" or "milestones.<i>.<field>"."""
    if milestones in (None, ""):
        return []
    if not isinstance(milestones, list) or len(milestones) > 50:
        errors["milestones"] = _("Enter at most %(n)d milestones.", n=50)
        return []
    out = []
    for i, m in enumerate(milestones):
        if not isinstance(m, dict):
            errors[f"milestones.{i}"] = _("Enter an object.")
            continue
        local: dict[str, str] = {}
        due = _date(m.get("due_date"), "due_date", local)
        amount = _amount(m.get("amount"), "amount", local)
        if due is None and "due_date" not in local:
            local["due_date"] = _("This field is required.")
        if amount is None and "amount" not in local:
            local["amount"] = _("This field is required.")
        for key, message in local.items():
            errors[f"milestones.{i}.{key}"] = message
        description = str(m.get("description") or "").strip()[:2000] or None
        out.append({"due_date": due, "amount": amount, "description": description})
    return out


def raise_if(errors: dict) -> None:
    """Raise ValidationError(**errors) when any error was collected."""
    if errors:
        raise ValidationError(**errors)
