"""Pages of a list: bounded queries for every list page.

Two kinds, both without a COUNT over the whole table:
- `paginate(stmt, page=, per_page=)`: numbered pages (LIMIT/OFFSET) for lists that stay in the
  thousands (projects, resolutions); one row more than the page is fetched to know whether a
  next page exists.
- `keyset(stmt, columns=, after=, before=, per_page=)`: for long lists (the journal, the audit
  log) sorted newest first on a unique key; the cost of a page does not depend on how deep it
  is (no OFFSET). `after`/`before` are the key of the last/first row of the page the reader
  comes from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask import request
from sqlalchemy import Select, and_, or_

from llp_gov.db import db

PER_PAGE = 50
MAX_PAGE = 100_000


@dataclass
class Page:
    items: list
    page: int = 1
    per_page: int = PER_PAGE
    has_next: bool = False
    has_prev: bool = False
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


def paginate(stmt: Select, *, page: int = 1, per_page: int = PER_PAGE, scalars=True) -> Page:
    """Rows of page `page` (1-based) of `stmt`, which must already be ordered on a unique key."""
    page = max(1, page)
    limited = stmt.limit(per_page + 1).offset((page - 1) * per_page)
    rows = list(db.session.scalars(limited) if scalars else db.session.execute(limited))
    return Page(
        items=rows[:per_page],
        page=page,
        per_page=per_page,
        has_next=len(rows) > per_page,
        has_prev=page > 1,
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
    return "" if key is None else ".".join(str(k) for k in key)
