"""Pages of a list: bounded queries for every list page.

Two kinds:
- `paginate(stmt, page=, per_page=)`: numbered pages for lists that stay in the thousands
  (projects, resolutions, an organisation's documents), through Flask-SQLAlchemy's
  `db.paginate` (LIMIT/OFFSET plus one COUNT of the filtered rows, which also gives the total).
  With `count=False` (the pages, which show "Previous"/"Next" and no total) the COUNT is left
  out and one row more than the page is read to know whether a next page exists: the COUNT
  reads every filtered row (16-21 ms of CPU at 100k documents, growing with the table), which
  Flask-SQLAlchemy cannot skip without losing `has_next`.
- `keyset(stmt, columns=, after=, before=, per_page=)`: for long lists (the journal, the audit
  log) sorted newest first on a unique key. Kept by hand on purpose: Flask-SQLAlchemy has no
  keyset paging, and with OFFSET (and COUNT) the cost of a page grows with its depth and with
  the table (an audit trail of millions of events), while here it does not. `after`/`before`
  are the key of the last/first row of the page the reader comes from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask import request
from sqlalchemy import Select, and_, or_

from llp_gov.db import db

PER_PAGE = 50
MAX_PAGE = 100_000
MAX_PER_PAGE = 100  # as db.paginate's max_per_page


@dataclass
class Page:
    items: list
    page: int = 1
    per_page: int = PER_PAGE
    has_next: bool = False
    has_prev: bool = False
    # numbered pages: how many rows the whole list has (None for keyset pages)
    total: int | None = None
    # keyset pages: the key of the first and last row shown, for the links
    first_key: tuple | None = None
    last_key: tuple | None = None
    args: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def page_arg(name: str = "page") -> int:
    """The page number of the query string: a positive integer, 1 for anything else."""
    raw = request.args.get(name, "")
    return min(int(raw), MAX_PAGE) if raw.isdigit() and int(raw) > 0 else 1


def paginate(stmt: Select, *, page: int = 1, per_page: int = PER_PAGE, count: bool = True) -> Page:
    """Page `page` (1-based; below 1 reads as 1, above MAX_PAGE as MAX_PAGE) of the ORM entities
    selected by `stmt`, which must already be ordered on a unique key (or the pages overlap).

    `per_page` rows at most (1 to MAX_PER_PAGE). A page past the last is empty (never an
    error). With `count` (Flask-SQLAlchemy's `db.paginate`), `total` is the number of rows of
    the whole list; without, `total` is None and the page costs one statement whatever the
    size of the list (per_page + 1 rows read)."""
    page = min(max(1, page), MAX_PAGE)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    if not count:
        q = stmt.limit(per_page + 1).offset((page - 1) * per_page)
        rows: list = list(db.session.execute(q).unique().scalars())
        return Page(
            items=rows[:per_page],
            page=page,
            per_page=per_page,
            has_next=len(rows) > per_page,
            has_prev=page > 1,
        )
    result = db.paginate(stmt, page=page, per_page=per_page, error_out=False, count=True)
    return Page(
        items=list(result.items),
        page=result.page,
        per_page=result.per_page,
        has_next=result.has_next,
        has_prev=result.has_prev,
        total=result.total,
    )


def key_arg(name: str, arity: int) -> tuple | None:
    """A keyset position from the query string ("2024-04-01.123"): the sort column's text and
    the row id, or None when absent or malformed."""
    raw = request.args.get(name, "")
    parts = raw.rsplit(".", arity - 1) if raw else []
    if len(parts) != arity or not parts[-1].isdigit():
        return None
    return (*parts[:-1], int(parts[-1]))


def _beyond(columns: Sequence, key: Sequence, descending: bool):
    """Rows strictly after `key` in the order of `columns` (all descending or all ascending)."""
    clauses = []
    for i, col in enumerate(columns):
        equal = [columns[j] == key[j] for j in range(i)]
        step = col < key[i] if descending else col > key[i]
        clauses.append(and_(*equal, step))
    return or_(*clauses)


def keyset(
    stmt: Select,
    *,
    columns: Sequence,
    key_of,
    after: tuple | None = None,
    before: tuple | None = None,
    per_page: int = PER_PAGE,
) -> Page:
    """A page of `stmt` ordered by `columns` descending (the last column unique, e.g. the id).

    `key_of(row)` returns the row's key as a tuple matching `columns`. With `after`, the page
    starts below that key; with `before`, it ends just above it; with neither, the newest."""
    if before is not None:
        q = stmt.where(_beyond(columns, before, descending=False))
        q = q.order_by(*[c.asc() for c in columns]).limit(per_page + 1)
        rows = list(db.session.scalars(q))
        has_prev = len(rows) > per_page
        rows = list(reversed(rows[:per_page]))
        has_next = True
    else:
        q = stmt
        if after is not None:
            q = q.where(_beyond(columns, after, descending=True))
        q = q.order_by(*[c.desc() for c in columns]).limit(per_page + 1)
        rows = list(db.session.scalars(q))
        has_next = len(rows) > per_page
        rows = rows[:per_page]
        has_prev = after is not None
    return Page(
        items=rows,
        per_page=per_page,
        has_next=has_next and bool(rows),
        has_prev=has_prev and bool(rows),
        first_key=key_of(rows[0]) if rows else None,
        last_key=key_of(rows[-1]) if rows else None,
    )


def key_text(key: tuple | None) -> str:
    """A keyset position for a link's query string (the inverse of key_arg); "" for None."""
    return "" if key is None else ".".join(str(k) for k in key)
