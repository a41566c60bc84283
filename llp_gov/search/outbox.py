"""The outbox: services enqueue in their transaction; a background job drains it.

Web workers never write the Whoosh index. A change writes an outbox row and queues one
`search.drain` job (llp_gov.jobs, Huey) in the same transaction; the job worker runs it after
the commit (in tests, in immediate mode, right after the commit, in process). The drain takes
the index's write lock with a timeout; when the lock is busy or the write fails, the job raises
and is retried with backoff, and the rows stay queued: nothing is lost, and the periodic drain
(every minute, llp_gov.search.background) or `flask search drain` picks up whatever is left.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from llp_gov.db import db
from llp_gov.jobs.queue import enqueue_once
from llp_gov.search import index, sources
from llp_gov.search.models import SearchOutbox

DRAIN_JOB = "search.drain"


def enqueue(*, target_id: int, kind: str = "document") -> None:
    """Announce that a record must be (re)indexed, in the caller's transaction.

    `kind` names a registered source (llp_gov.search.sources; "document" today) and
    `target_id` its primary key. Writes one outbox row and, unless SEARCH_DRAIN_AFTER_COMMIT is
    off, queues one `search.drain` job per transaction; both vanish with a rollback. Raises
    nothing of its own (database errors surface at the caller's flush or commit)."""
    db.session.add(SearchOutbox(kind=kind, target_id=target_id))
    if current_app.config.get("SEARCH_DRAIN_AFTER_COMMIT", True):
        enqueue_once(DRAIN_JOB)


def pending_count(session: Session | None = None) -> int:
    """How many outbox rows wait for a drain (committed ones, or `session`'s own too)."""
    return (session or db.session).scalar(select(func.count()).select_from(SearchOutbox)) or 0


def drain(*, timeout: float | None = None, batch: int = 500) -> int:
    """Index every outbox row under the write lock; return how many rows were drained.

    `timeout` is the wait for the write lock in seconds (default SEARCH_LOCK_TIMEOUT_SECONDS),
    `batch` the rows read per query. Uses its own session, so it can run right after another
    session's commit. Rows are deleted only after the index commit succeeded, and exactly the
    rows applied (issue 13, item 5): a failure leaves them for the next drain. Raises
    index.IndexBusy when the lock stays taken, or the write's error (OSError, ...)."""
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
