"""Issue 10 item 3: a fiscal-year start-month amendment applies from the next fiscal year with
a transition period; a closed period is never reopened by it (Act 5, 4(3))."""

from __future__ import annotations

import pytest
from sqlalchemy import select  # noqa: F401

from llp_gov.errors import ValidationError
from llp_gov.extensions import db
from llp_gov.ledger import books as ledger_books
from llp_gov.ledger import services as ledger
from llp_gov.orgs.models import Organisation
from tests.ledger.conftest import D
from tests.resolutions.helpers import adopt


def test_fiscal_year_change_applies_from_the_next_year_with_a_transition(books):
    # The scenario: FY2025 (April-March) closed, then the start month becomes January.
    ledger.close_fiscal_year(actor=books.user("accountant"), organisation=books.org, year=2025)
    today = ledger_books.fiscal_year_of(books.org, D(2026, 11, 30))
    assert today == 2026
    adopt(books, "amendment", payload={"changes": {"fiscal_year_start_month": 1}})
    org = db.session.get(Organisation, books.org.id)
    assert org.fiscal_year_start_month == 1
    # Closed FY2025 keeps its bounds; February 2026 is still in it (closed: no posting).
    assert ledger_books.fiscal_year_bounds(org, 2025) == (D(2025, 4, 1), D(2026, 3, 31))
    assert ledger_books.fiscal_year_of(org, D(2026, 2, 1)) == 2025
    with pytest.raises(ValidationError):
        ledger.post_entry(
            actor=books.user("accountant"),
            organisation=org,
            entry_date=D(2026, 2, 1),
            description="February revenue",
            lines=[
                {"account": "112", "debit": 100, "credit": 0},
                {"account": "410", "debit": 0, "credit": 100},
            ],
        )
    # The running year FY2026 keeps its end; FY2027 is the transition (Apr-Dec 2027).
    assert ledger_books.fiscal_year_bounds(org, 2026) == (D(2026, 4, 1), D(2027, 3, 31))
    assert ledger_books.fiscal_year_bounds(org, 2027) == (D(2027, 4, 1), D(2027, 12, 31))
    assert ledger_books.fiscal_year_bounds(org, 2028) == (D(2028, 1, 1), D(2028, 12, 31))
    assert ledger_books.fiscal_year_of(org, D(2028, 2, 1)) == 2028
