"""The ledger's stored codes read as words on its pages (issue 14: `money` was shown as is in
the contributions summary)."""

from __future__ import annotations

import pytest

from llp_gov.extensions import db


@pytest.mark.parametrize(("locale", "word"), [("ja", "金銭"), ("ko", "금전"), ("en", "Money")])
def test_the_contributions_summary_names_the_kind_in_words(books, login_as, locale, word):
    accountant = books.user("accountant")
    accountant.locale = locale
    db.session.commit()
    html = (
        login_as(accountant).get(f"/o/{books.org.slug}/ledger/contributions").get_data(as_text=True)
    )
    summary = html.split("<h2>", 1)[0]  # the first table: one row per partner
    assert summary.count(f"<td>{word}</td>") == len(books.partners)
    assert "<td>money</td>" not in html
