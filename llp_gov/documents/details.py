"""A document's details (title, type, counterparty, keys, tags, readers) checked as one."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.counterparties import services as counterparties
from llp_gov.db import db
from llp_gov.documents.models import DOC_TYPES, TYPES_NEEDING_KEYS
from llp_gov.errors import NotFound, ValidationError
from llp_gov.partners.models import Partner

MAX_TAGS = 20


def clean_tags(tags) -> list[str]:
    """Tags from a list or comma/space-separated text: NFKC, lower case, unique, at most 20
    (ValidationError on `tags` beyond that)."""
    if isinstance(tags, str):
        tags = re.split(r"[,、，\s]+", tags)
    out: list[str] = []
    for tag in tags or ():
        tag = unicodedata.normalize("NFKC", str(tag)).strip().lower()
        if tag and tag not in out:
            out.append(tag[:50])
    if len(out) > MAX_TAGS:
        raise ValidationError(tags=_("At most %(n)d tags.", n=MAX_TAGS))
    return out


def validate_details(
    *,
    actor,
    organisation,
    title,
    doc_type,
    counterparty_id,
    counterparty_name,
    transaction_date,
    amount,
    currency,
    amount_jpy,
    restricted_partner_ids,
) -> dict:
    """Check a document's details together; raise ValidationError with every bad field (title,
    doc_type, currency, amount, amount_jpy, transaction_date, counterparty_id,
    restricted_partner_ids) or return them cleaned (counterparty and partners as rows).
    Transaction records of TYPES_NEEDING_KEYS need date, amount and counterparty (電子帳簿保存法
    施行規則 4条1項: 取引年月日・取引金額・取引先 as search keys)."""
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("This field is required.")
    elif len(title) > 300:
        errors["title"] = _("At most %(n)d characters.", n=300)
    if doc_type not in DOC_TYPES:
        errors["doc_type"] = _("Choose one of the allowed values.")
    currency = (currency or "JPY").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        errors["currency"] = _("Use a three-letter currency code such as JPY or KRW.")
    if amount is not None and (
        not isinstance(amount, int) or isinstance(amount, bool) or amount < 0
    ):
        errors["amount"] = _("Enter a whole number of zero or more.")
    if currency == "JPY":
        amount_jpy = amount
    elif amount is not None and amount_jpy is None:
        errors["amount_jpy"] = _("Enter the amount in yen as well.")
    if amount_jpy is not None and (not isinstance(amount_jpy, int) or amount_jpy < 0):
        errors["amount_jpy"] = _("Enter a whole number of zero or more.")
    if transaction_date is not None and not isinstance(transaction_date, dt.date):
        errors["transaction_date"] = _("Enter a date as YYYY-MM-DD.")
    counterparty = None
    if counterparty_id is not None:
        try:
            counterparty = counterparties.get_counterparty(
                actor=actor, organisation=organisation, counterparty_id=int(counterparty_id)
            )
        except (NotFound, ValueError):
            errors["counterparty_id"] = _("Choose a counterparty from the directory.")
    if doc_type in TYPES_NEEDING_KEYS:
        # 電子帳簿保存法: transaction date, amount and counterparty are the search keys.
        keys = _(
            "Contracts, orders, delivery notes, invoices and receipts need a transaction date, "
            "amount and counterparty (Electronic Bookkeeping Act, search requirements)."
        )
        for field, value in (("transaction_date", transaction_date), ("amount", amount)):
            if value is None:
                errors.setdefault(field, keys)
        if (
            counterparty is None
            and not (counterparty_name or "").strip()
            and "counterparty_id" not in errors
        ):
            errors["counterparty_id"] = keys
    partners = []
    ids = {int(i) for i in restricted_partner_ids or ()}
    if ids:
        partners = list(
            db.session.scalars(
                select(Partner).where(
                    Partner.id.in_(ids), Partner.organisation_id == organisation.id
                )
            )
        )
        if len(partners) != len(ids):
            errors["restricted_partner_ids"] = _("Choose partners of this organisation.")
    if errors:
        raise ValidationError(**errors)
    return {
        "title": title,
        "doc_type": doc_type,
        "counterparty": counterparty,
        "transaction_date": transaction_date,
        "amount": amount,
        "currency": currency,
        "amount_jpy": amount_jpy,
        "partners": partners,
    }
