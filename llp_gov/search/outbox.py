"""The outbox: services enqueue in their transaction; one writer drains it after commit.

Web workers never write the Whoosh index directly. After a commit that enqueued something, the
committing process tries the index's write lock (with a timeout) and drains; if the lock is
busy or the write fails, the rows stay for the next drain or `flask search worker`.
"""

from __future__ import annotations

import logging

from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session

from llp_gov.db import db
from llp_gov.search.models import SearchOutbox

log = logging.getLogger(__name__)
PENDING = "search_outbox_pending"


def enqueue(*, target_id: int, kind: str = "document") -> None:
    """Announce that a record must be (re)indexed; written in the caller's transaction."""
    db.session.add(SearchOutbox(kind=kind, target_id=target_id))
    db.session.info[PENDING] = True


def pending_count(session=None) -> int:
    session = session or db.session
    return len(session.scalars(select(SearchOutbox.id)).all())


def drain(*, timeout: float | None = None, batch: int = 500) -> int:
    """Index every outbox row under the write lock; return how many rows were drained.

    Uses its own session, so it can run right after another session's commit. Rows are
    deleted only after the index commit succeeded: a failure leaves them for the next drain."""
    from flask import current_app

    from llp_gov.search import index, sources

    if timeout is None:
        timeout = current_app.config["SEARCH_LOCK_TIMEOUT_SECONDS"]
    drained: list[int] = []
    with Session(bind=db.engine) as session:
        rows = session.scalars(select(SearchOutbox).order_by(SearchOutbox.id).limit(batch)).all()
        if not rows:
            return 0
        with index.writer(timeout=timeout) as writer:
            while rows:
                by_kind: dict[str, set[int]] = {}
                for row in rows:
                    by_kind.setdefault(row.kind, set()).add(row.target_id)
                for kind, ids in by_kind.items():
                    sources.apply(writer, kind, ids, session)
                drained += [r.id for r in rows]
                rows = session.scalars(
                    select(SearchOutbox)
                    .where(SearchOutbox.id > drained[-1])
                    .order_by(SearchOutbox.id)
                    .limit(batch)
                ).all()
        # The index is committed: now, and only now, forget exactly the rows it applied. Not an
        # id range: a transaction that commits late can hold a lower id than the rows drained.
        for start in range(0, len(drained), batch):
            part = drained[start : start + batch]
            session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(part)))
        session.commit()
    return len(drained)


def drain_quietly() -> int:
    """Drain, logging (not raising) a busy lock or a failed write: the rows stay queued."""
    try:
        return drain()
    except Exception:  # noqa: BLE001  the change is committed; the outbox keeps the work
        log.warning("search outbox drain failed; rows stay queued", exc_info=True)
        return 0


_installed = False


def install_after_commit_hook() -> None:
    """Drain after every commit that enqueued something, so no view has to remember to."""
    global _installed
    if _installed:
        return
    _installed = True

    @event.listens_for(Session, "after_commit")
    def _after_commit(session):
        if not session.info.pop(PENDING, False):
            return
        from flask import current_app, has_app_context

        if has_app_context() and current_app.config.get("SEARCH_DRAIN_AFTER_COMMIT", True):
            drain_quietly()

    @event.listens_for(Session, "after_soft_rollback")
    def _after_rollback(session, previous_transaction):
        if previous_transaction.parent is None:
            session.info.pop(PENDING, None)
