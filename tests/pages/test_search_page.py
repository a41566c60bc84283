"""The search page: a reversed range is refused with a message saying what to do; the CSV
button only when something matched."""

from __future__ import annotations

import pytest

from llp_gov.documents.search_service import parse_filters
from llp_gov.errors import ValidationError


def test_a_reversed_date_range_is_refused():
    with pytest.raises(ValidationError) as exc:
        parse_filters({"date_from": "2025-09-30", "date_to": "2025-04-01"})
    assert "swap the two dates" in exc.value.fields["date_to"]


def test_a_reversed_amount_range_is_refused():
    with pytest.raises(ValidationError) as exc:
        parse_filters({"amount_min": "500,000", "amount_max": "1000"})
    assert "swap the two amounts" in exc.value.fields["amount_max"]


def test_equal_bounds_are_a_range(app):
    filters, _sort, _page = parse_filters({"date_from": "2025-04-01", "date_to": "2025-04-01"})
    assert filters.date_from == filters.date_to


def test_the_page_says_why_and_offers_no_csv(client, world, login_as):
    login_as(world.user("member"))
    base = f"/o/{world.org.slug}/search"
    html = client.get(f"{base}?amount_min=9000&amount_max=10").get_data(as_text=True)
    assert "swap the two amounts" in html
    assert 'data-field="amount_max"' in html
    html = client.get(f"{base}?q=zymurgy").get_data(as_text=True)
    assert 'id="search-export"' not in html
