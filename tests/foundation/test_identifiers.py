"""Check digits of Japanese corporate numbers and Korean business registration numbers."""

import pytest

from llp_gov.partners import identifiers as ids


@pytest.mark.parametrize("number", ["7123456789012", "2120901007402"])
def test_valid_corporate_numbers_from_domain_md(number):
    assert ids.is_valid_corporate_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "1123456789012",  # wrong check digit
        "8123456789012",
        "2120901007403",  # a base digit changed
        "712345678901",  # 12 digits
        "71234567890123",  # 14 digits
        "712345678901A",
        "",
    ],
)
def test_invalid_corporate_numbers(number):
    assert not ids.is_valid_corporate_number(number)


def test_the_check_digit_follows_the_ordinance():
    # 9 - (sum of Pn x Qn mod 9), Pn counted from the right, Qn = 1 (odd n) or 2 (even n)
    assert ids.corporate_number_check_digit("123456789012") == 7
    assert ids.corporate_number_check_digit("120901007402") == 2


@pytest.mark.parametrize("number", ["124-81-00998", "1248100998", "220-81-62517", " 220 81 62517 "])
def test_valid_korean_business_numbers(number):
    assert ids.is_valid_kr_business_number(number)


@pytest.mark.parametrize(
    "number", ["124-81-00999", "220-81-62510", "12481009", "124-81-009981", "abc-de-fghij"]
)
def test_invalid_korean_business_numbers(number):
    assert not ids.is_valid_kr_business_number(number)


def test_korean_numbers_are_formatted_with_hyphens():
    assert ids.format_kr_business_number("1248100998") == "124-81-00998"


@pytest.mark.parametrize(
    "value,ok", [("T7123456789012", True), ("7123456789012", False), ("T712345678901", False)]
)
def test_invoice_registration_number_shape(value, ok):
    assert ids.is_valid_invoice_number(value) is ok
