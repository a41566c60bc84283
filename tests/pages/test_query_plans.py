"""The daily pages' queries walk an index instead of reading or sorting every row (issue 14):
each query a page runs is explained by the database itself (SQLite's EXPLAIN QUERY PLAN,
PostgreSQL's EXPLAIN with sequential scans, bitmap scans and sorts discouraged, as on a table
of millions)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from llp_gov.extensions import db
from tests.pages import seed

# (page, role, a fragment of the query to explain, the index its plan must use)
QUERIES = [
    ("/documents/?sort=amount_desc", "chairman", "FROM documents", "ix_documents_org_amount"),
    ("/documents/?sort=date_desc", "chairman", "FROM documents", "ix_documents_org_date"),
    ("/documents/", "chairman", "FROM documents", "ix_documents_org_created"),
    ("/ledger/", "accountant", "max(ledger_entries.fiscal_year)", "ix_ledger_entries_org_fiscal"),
    ("/notifications/", "member", "FROM notifications", "ix_notifications_user_org_created"),
    # the dashboard's count of unread notifications
    ("/", "member", "FROM notifications", "ix_notifications_user_org_read"),
]


def _captured(client, url: str, fragment: str) -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if fragment in statement and statement.lstrip().upper().startswith("SELECT"):
            found.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return found


def _plan(statement: str, parameters) -> str:
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if db.engine.dialect.name == "postgresql":
            # A table of millions, whatever the statistics of this small one say (the per-test
            # reset, tests/db_reset.py, leaves them as the last test's): sequential scans,
            # bitmap scans and sorts discouraged, so the plan shows whether an index serves the
            # filter AND the order.
            cursor.execute("ANALYZE")
            for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                cursor.execute(f"SET {setting} = off")
            cursor.execute("EXPLAIN " + statement, parameters)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        return "\n".join(row[-1] for row in cursor.fetchall())
    finally:
        raw.close()


@pytest.mark.parametrize(
    ("path", "role", "fragment", "index"), QUERIES, ids=[q[0] for q in QUERIES]
)
def test_the_page_query_walks_its_index(app, client, world, login_as, path, role, fragment, index):
    users = [world.user(r) for r in ("chairman", "member", "accountant")]
    seed.grow(
        world.org,
        users=users,
        partners=world.partners,
        n=3,
        lines=40,
        documents=60,
        notifications=90,
    )
    login_as(world.user(role))
    statements = _captured(client, f"/o/{world.org.slug}{path}", fragment)
    assert statements, (path, fragment)
    plan = _plan(*statements[0])
    assert index in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
