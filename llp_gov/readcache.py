"""Answers computed once per unit of work (issue 14: a page asks its question once).

A page built from several services often asks the same question more than once: the ledger
overview needs the balances on today's date for its net assets, its distributable amount and
its chart; the dashboard's panels each read the contributions and the chart of accounts. A
read helper wraps its query in `cached(key, compute)` and the second asker gets the first
answer without a query.

Correctness: the answers live in the SQLAlchemy session's `info` and are dropped whenever the
session flushes, commits or rolls back, so no answer outlives a change that the session could
see; while changes are pending (added, changed or deleted objects not yet flushed) nothing is
cached or served. A request has its own session (Flask-SQLAlchemy removes it at the end of the
app context), so nothing is shared between requests or users. Lists and dicts are returned as
shallow copies, so a caller that appends to its answer does not change the next caller's.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from sqlalchemy import event
from sqlalchemy.orm import Session

from llp_gov.db import db

T = TypeVar("T")
_KEY = "llp_gov.readcache"


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """Return `compute()`, computed at most once per session between two flushes.

    `key` must name the question fully: the function and every argument that changes the
    answer (e.g. ``("ledger.sums", organisation.id, date_from, date_to, exclude_closing)``).
    `compute` runs queries through `db.session` and must not change data."""
    session = db.session()
    if session.new or session.dirty or session.deleted:
        return compute()  # a query would autoflush first: answer fresh, keep nothing
    store = session.info.setdefault(_KEY, {})
    if key in store:
        value = store[key]
    else:
        value = compute()
        # Computing may have flushed (and so emptied the store): put the answer in afresh.
        session.info.setdefault(_KEY, {})[key] = value
    # copy.copy keeps the type: the answer is still a T.
    return cast(T, copy.copy(value)) if isinstance(value, dict | list | set) else value


def clear(session: Session) -> None:
    """Forget every cached answer of `session`."""
    session.info.pop(_KEY, None)


def _clear(session: Session, *_args) -> None:
    clear(session)


for _name in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(Session, _name, _clear)
