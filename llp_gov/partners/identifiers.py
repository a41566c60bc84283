"""Check digits of the identifiers partners and counterparties carry (see DOMAIN.md)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

# Hyphen and dash variants people type between digit groups (after NFKC, which already maps
# the full-width hyphen-minus and the small hyphen-minus to "-"): hyphen, non-breaking hyphen,
# figure dash, en and em dash, horizontal bar, minus sign, hyphen bullet, katakana prolonged
# sound mark (also what NFKC makes of the half-width one).
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u30fc"
_STRIP = re.compile("[\\s" + re.escape(HYPHENS) + "]")


def normalise_number(value: str | None) -> str | None:
    """An identifier as ASCII: NFKC (full-width digits and letters become ASCII), then spaces
    and hyphen variants removed; a T-number's letter upper-cased. None stays None."""
    if value is None:
        return None
    return _STRIP.sub("", unicodedata.normalize("NFKC", value)).upper()


def corporate_number_check_digit(base12: str) -> int:
    """Return the check digit of a 12-digit base number (財務省令 70 of 2014, art 2)."""
    digits = [int(c) for c in reversed(base12)]  # P1 is the rightmost digit
    total = sum(p * (1 if n % 2 == 1 else 2) for n, p in enumerate(digits, start=1))
    return 9 - (total % 9)


def is_valid_corporate_number(value: str) -> bool:
    """A 13-digit Japanese corporate number whose first digit is its check digit."""
    if not re.fullmatch(r"\d{13}", value or ""):
        return False
    return int(value[0]) == corporate_number_check_digit(value[1:])


def kr_business_check_digit(first9: str) -> int:
    weights = (1, 3, 7, 1, 3, 7, 1, 3, 5)
    digits = [int(c) for c in first9]
    total = sum(w * d for w, d in zip(weights, digits, strict=True)) + (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def normalise_kr_business_number(value: str) -> str:
    return normalise_number(value or "") or ""


def is_valid_kr_business_number(value: str) -> bool:
    """A 10-digit Korean business registration number (written 123-45-67890)."""
    digits = normalise_kr_business_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    return int(digits[9]) == kr_business_check_digit(digits[:9])


def format_kr_business_number(value: str) -> str:
    d = normalise_kr_business_number(value)
    return f"{d[:3]}-{d[3:5]}-{d[5:]}"


def is_valid_invoice_number(value: str) -> bool:
    """A qualified-invoice issuer number (登録番号): T followed by 13 digits carrying the
    corporate-number check digit (消費税法 57条の2; a corporation's is its 法人番号, and the
    numbers the NTA assigns to individuals use the same check-digit rule)."""
    value = value or ""
    return bool(re.fullmatch(r"T\d{13}", value)) and is_valid_corporate_number(value[1:])


def identifier_errors(data: Mapping[str, Any]) -> dict[str, str]:
    """The translated errors of the identifiers in `data` (a partner's or a counterparty's
    fields, numbers already through normalise_number): {field: message} for corporate_number,
    kr_business_number and invoice_number when given and invalid; empty when all are valid."""
    errors: dict[str, str] = {}
    if data.get("corporate_number") and not is_valid_corporate_number(data["corporate_number"]):
        errors["corporate_number"] = _(
            "This is not a valid 13-digit corporate number (check digit)."
        )
    if data.get("kr_business_number") and not is_valid_kr_business_number(
        data["kr_business_number"]
    ):
        errors["kr_business_number"] = _(
            "This is not a valid Korean business registration number (check digit)."
        )
    if data.get("invoice_number") and not is_valid_invoice_number(data["invoice_number"]):
        errors["invoice_number"] = _(
            "A registration number is T followed by 13 digits with the corporate-number check digit."
        )
    return errors
