"""Money on the ledger's pages and messages reads one way (issue 14): the one money filter's
symbol, grouping and sign, in every language — no "5000000 KRW", no "¥-1,200,000"."""

from __future__ import annotations

import pytest

from llp_gov.extensions import db
from tests.ledger.conftest import D, post


def _as(books, login_as, role, locale):
    user = books.user(role)
    user.locale = locale
    db.session.commit()
    return login_as(user)


@pytest.mark.parametrize("locale", ["en", "ko"])
def test_the_closing_message_writes_a_loss_as_money(books, login_as, locale):
    post(books, D(2025, 6, 1), "Travel", ("520", 1_200_000, 0), ("112", 0, 1_200_000))
    db.session.commit()
    client = _as(books, login_as, "accountant", locale)
    url = f"/o/{books.org.slug}/ledger/fiscal-years/2025/close"
    html = client.post(url, data={"confirm": "1"}, follow_redirects=True).get_data(as_text=True)
    assert "-¥1,200,000" in html
    assert "¥-1,200,000" not in html


@pytest.mark.parametrize("locale", ["ja", "ko", "en"])
def test_an_amount_in_another_currency_is_grouped_with_its_symbol(books, login_as, locale):
    entry = post(
        books,
        D(2025, 6, 1),
        "Seoul office consulting",
        ("520", 540_000, 0),
        ("112", 0, 540_000),
    )
    line = entry.lines[0]
    line.currency, line.original_amount, line.rate = "KRW", 5_000_000, 0.108
    line.rate_date = D(2025, 6, 1)
    db.session.commit()
    client = _as(books, login_as, "accountant", locale)
    html = client.get(f"/o/{books.org.slug}/ledger/journal/{entry.id}").get_data(as_text=True)
    assert '<td class="num">₩5,000,000 @ 0.108 (' in html
    assert "5000000" not in html and "KRW" not in html
