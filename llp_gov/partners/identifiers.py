"""Check digits of the identifiers partners and counterparties carry (see DOMAIN.md)."""

from __future__ import annotations

import re


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
    return re.sub(r"[\s-]", "", value or "")


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
    """A qualified-invoice issuer number: T followed by a valid 13-digit corporate number
    (an individual's number also has 13 digits but no published check rule: accept the shape)."""
    return bool(re.fullmatch(r"T\d{13}", value or ""))
