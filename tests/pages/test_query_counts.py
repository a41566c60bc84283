"""Every daily page issues the same number of SQL queries whatever the amount of data.

Each page is requested at a small and a larger data size (the larger beyond one page of every
list); the statement count must not grow. Counts, never times: speed is bench/pages.py's job."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event, func, select

from llp_gov.documents.services import create_document
from llp_gov.extensions import db
from llp_gov.projects.models import Project
from llp_gov.resolutions.models import Resolution
from tests.pages import seed

# (name, role, path below /o/<slug>, the most statements the page may issue)
PAGES = [
    ("dashboard", "chairman", "/", 20),
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
    ("notifications", "member", "/notifications/", 15),
    ("contributions", "accountant", "/ledger/contributions", 15),
    ("invoices", "accountant", "/invoices", 15),
    ("invoices page 2", "accountant", "/invoices?page=2", 15),
    ("contracts", "chairman", "/contracts/", 15),
    ("project form's picker", "member", "/projects/document-picker?page=2", 15),
    ("search", "member", "/search?q=%E5%A5%91%E7%B4%84", 15),  # 契約, a plain word
    # detail pages: the newest resolution and project, a document with a stored file
    ("resolution", "chairman", "/resolutions/{resolution}", 30),
    ("project", "chairman", "/projects/{project}", 30),
    ("document", "member", "/documents/{document}", 30),
    # forms that link documents and contracts: pickers, no option per row
    ("project form", "member", "/projects/new", 30),
    ("resolution form", "chairman", "/resolutions/new", 30),
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
    document = create_document(
        actor=world.user("member"),
        organisation=world.org,
        title="業務委託契約書",
        doc_type="other",
        data="有限責任事業組合の契約書".encode(),
        filename="契約書.txt",
    )
    login_as(world.user(role))
    more = {"invoices": 60, "contracts": 60, "notifications": 150}
    seed.grow(
        world.org,
        users=users,
        partners=world.partners,
        n=70,
        lines=120,
        documents=60,
        audits=150,
        **more,
    )
    ids = {
        "resolution": db.session.scalar(select(func.max(Resolution.id))),
        "project": db.session.scalar(select(func.max(Project.id))),
        "document": document.id,
    }
    url = f"/o/{world.org.slug}{path.format(**ids)}"
    small, _ = _count(client, url)
    seed.grow(
        world.org,
        users=users,
        partners=world.partners,
        n=100,
        lines=400,
        documents=200,
        audits=300,
        **{k: v * 2 for k, v in more.items()},
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


def test_a_page_without_count_walks_every_row_once_in_one_statement(app, world):
    """paginate(count=False), as the list pages use it: one more row read instead of a COUNT."""
    from llp_gov.pagination import paginate
    from llp_gov.partners.models import Partner

    stmt = select(Partner).where(Partner.organisation_id == world.org.id).order_by(Partner.id)
    ids, page_no = [], 1
    while True:
        with counting() as statements:
            page = paginate(stmt, page=page_no, per_page=5, count=False)
        assert len(statements) == 1 and "count(" not in statements[0].lower()
        assert page.total is None and page.has_prev == (page_no > 1)
        ids += [p.id for p in page]
        if not page.has_next:
            break
        page_no += 1
    assert page_no == 3 and len(page) == 2
    assert ids == sorted(p.id for p in world.partners)
    past = paginate(stmt, page=4, per_page=5, count=False)
    assert past.items == [] and not past.has_next and past.has_prev
