"""Every daily page issues the same number of SQL queries whatever the amount of data.

Each page is requested at a small and a larger data size (the larger beyond one page of every
list); the statement count must not grow. Counts, never times: speed is bench/pages.py's job."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event

from llp_gov.extensions import db
from tests.pages import seed

# (name, role, path below /o/<slug>, the most statements the page may issue)
PAGES = [
    ("dashboard", "chairman", "/", 40),
    ("projects", "chairman", "/projects/", 15),
    ("projects submitted", "member", "/projects/?status=submitted", 15),
    ("projects page 2", "chairman", "/projects/?page=2", 15),
    ("resolutions", "chairman", "/resolutions/", 15),
    ("journal", "accountant", "/ledger/journal", 15),
    ("ledger overview", "accountant", "/ledger/", 40),
    ("trial balance", "accountant", "/ledger/reports/trial-balance", 30),
    ("documents", "chairman", "/documents/", 15),
    ("documents by amount", "member", "/documents/?sort=amount_desc&page=2", 15),
    ("balance sheet", "accountant", "/ledger/reports/balance-sheet", 30),
    ("audit", "chairman", "/audit", 15),
    ("audit, all categories", "chairman", "/audit?category=all", 15),
    ("partners", "chairman", "/partners/", 15),
    ("counterparties", "chairman", "/counterparties/", 15),
    ("contracts", "chairman", "/contracts/", 15),
    ("notifications", "member", "/notifications/", 15),
    ("contributions", "accountant", "/ledger/contributions", 15),
    # one registration query per partner (invoices.services.problems), not per invoice: left
    ("invoices", "accountant", "/invoices", 25),
    ("project form's picker", "member", "/projects/document-picker?page=2", 15),
]


@contextlib.contextmanager
def counting():
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def _count(client, url: str) -> tuple[int, list[str]]:
    client.get(url)  # warm: first-request work (chart seeding, caches) is not the page's cost
    with counting() as statements:
        resp = client.get(url)
    assert resp.status_code == 200, (url, resp.status_code)
    return len(statements), statements


@pytest.mark.parametrize(("name", "role", "path", "most"), PAGES, ids=[p[0] for p in PAGES])
def test_query_count_does_not_grow_with_data(app, client, world, login_as, name, role, path, most):
    users = [world.user(r) for r in ("chairman", "member", "accountant")]
    url = f"/o/{world.org.slug}{path}"
    login_as(world.user(role))
    seed.grow(
        world.org, users=users, partners=world.partners, n=70, lines=120, documents=60, audits=150
    )
    small, _ = _count(client, url)
    seed.grow(
        world.org,
        users=users,
        partners=world.partners,
        n=100,
        lines=400,
        documents=200,
        audits=300,
        seed=2,
    )
    large, statements = _count(client, url)
    assert large <= small, (name, small, large, statements)
    assert large <= most, (name, large, statements)


def test_the_dashboard_does_not_ask_once_per_fiscal_year(app, client, world, login_as):
    """Ten years of books: the statement deadlines are read in one query, not one per year."""
    from llp_gov.ledger import books

    login_as(world.user("chairman"))
    url = f"/o/{world.org.slug}/"
    for year in (2023, 2024):
        books.get_fiscal_year(world.org, year, create=True)
    db.session.commit()
    few, _ = _count(client, url)
    for year in range(2013, 2023):
        books.get_fiscal_year(world.org, year, create=True)
    db.session.commit()
    many, statements = _count(client, url)
    assert many <= few, (few, many, statements)
