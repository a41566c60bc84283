"""Money reads the same on every page: one symbol per currency, the reader's grouping."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from llp_gov.web import money, yen


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("ja", "¥5,000,000"), ("en", "¥5,000,000"), ("ko", "¥5,000,000")],
)
def test_yen_has_one_symbol_in_every_language(app, locale, expected):
    with app.test_request_context(), force_locale(locale):
        assert yen(5_000_000) == expected
        assert yen(-5000) == "-¥5,000"
        assert yen(None) == ""


@pytest.mark.parametrize("locale", ["ja", "en", "ko"])
def test_won_and_dollars_are_grouped_with_their_symbol(app, locale):
    with app.test_request_context(), force_locale(locale):
        assert money(5_000_000, "KRW") == "₩5,000,000"
        assert money(1234.5, "USD") == "$1,234.50"


def test_the_pages_use_the_one_filter(app):
    assert app.jinja_env.filters["money"] is money
    assert app.jinja_env.filters["yen"] is yen


@pytest.mark.parametrize("locale", ["ja", "ko"])
def test_amounts_in_minor_units_are_grouped_with_their_symbol(app, locale):
    with app.test_request_context(), force_locale(locale):
        assert money(5_000_000, "KRW", minor=True) == "₩5,000,000"
        assert money(123_456, "USD", minor=True) == "$1,234.56"
        assert money(48_600_000, "JPY", minor=True) == "¥48,600,000"
