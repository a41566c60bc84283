"""The job queue: Huey, with SQLite storage in the instance folder by default (nothing to run
beside `make run`) and Redis in production (LLP_GOV_JOBS_URL=redis://...).

A job is a row (llp_gov.jobs.models.Job) written in the caller's transaction; Huey gets its id
only after that transaction commits, so a worker never sees a job of a rolled-back change. A job
that raises is retried with exponential backoff (`base_delay` * 2**(attempt-1) seconds) until
`retries` are used up, then it is "failed": the admin page lists it with its error and a retry
button. In tests (TESTING without LLP_GOV_JOBS_URL) Huey runs in immediate mode: a job runs
right after the commit that queued it, in its own application context.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import MemoryHuey
from huey.exceptions import RetryTask
from huey.storage import RedisStorage, SqliteStorage
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from llp_gov.db import db, utcnow
from llp_gov.jobs.models import Job

log = logging.getLogger(__name__)
PENDING = "llp_gov.jobs.pending"
PENDING_NAMES = "llp_gov.jobs.pending_names"

# One Huey instance per process; init_app points its storage at the configured backend.
huey = MemoryHuey("llp-gov", results=False, utc=True)
_app: Flask | None = None


@dataclass
class Definition:
    fn: Callable
    retries: int
    base_delay: float


_registry: dict[str, Definition] = {}


def job(name: str, *, retries: int = 5, base_delay: float = 30.0):
    """Register `fn(**args)` as the job `name` (run later by `enqueue(name, ...)`)."""

    def register(fn):
        _registry[name] = Definition(fn, retries, base_delay)
        return fn

    return register


def init_app(app: Flask) -> None:
    """Point the queue at LLP_GOV_JOBS_URL (default: immediate in tests, else SQLite in the
    instance folder) and hand jobs to it after each commit."""
    global _app
    _app = app
    url = app.config.get("JOBS_URL")
    if not url:
        url = (
            "immediate" if app.testing else f"sqlite:///{Path(app.instance_path) / 'jobs.sqlite3'}"
        )
    app.config["JOBS_URL"] = url
    configure(url)
    _install_hooks()


def configure(url: str) -> None:
    """Point the queue at `url`: immediate, sqlite:///FILE or redis://..."""
    if url == "immediate":
        huey.immediate = True
        return
    huey.immediate = False
    if url.startswith("sqlite:///"):
        huey.storage = SqliteStorage("llp-gov", filename=url[len("sqlite:///") :])
    elif url.startswith(("redis://", "rediss://", "unix://")):
        huey.storage = RedisStorage("llp-gov", url=url)
    else:
        raise ValueError(f"LLP_GOV_JOBS_URL: unsupported queue {url!r}")


def enqueue(
    name: str,
    *,
    organisation_id: int | None = None,
    target_type: str | None = None,
    target_id=None,
    **args,
) -> Job:
    """Queue the job `name` with JSON-able keyword `args`, in the caller's transaction; the
    worker receives it once that transaction commits. Returns the Job row (flushed)."""
    definition = _registry[name]
    row = Job(
        name=name,
        args=args,
        state="queued",
        max_attempts=definition.retries + 1,
        organisation_id=organisation_id,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        created_at=utcnow(),
        updated_at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    db.session.info.setdefault(PENDING, []).append(row.id)
    return row


def enqueue_once(name: str, **kwargs) -> None:
    """Queue `name` unless the current transaction already queued it (e.g. one mail batch)."""
    names = db.session.info.setdefault(PENDING_NAMES, set())
    if name not in names:
        names.add(name)
        enqueue(name, **kwargs)


def job_state_for(target_type: str, target_id) -> Job | None:
    """The newest job about a record (e.g. ("document_versions", 12)), for its page."""
    return db.session.scalars(
        select(Job)
        .where(Job.target_type == target_type, Job.target_id == str(target_id))
        .order_by(Job.id.desc())
        .limit(1)
    ).first()


@huey.task(context=True)
def run_job(job_id: int, task=None):
    """The Huey task: execute the job row `job_id` in an application context (the current
    one in immediate mode, else the app the worker was created with)."""
    with job_app().app_context():
        return execute(job_id)


def job_app() -> Flask:
    """The application a job runs in: the current one (immediate mode, tests), else the one the
    worker was created with. RuntimeError before init_app."""
    if has_app_context():
        # current_app is a werkzeug LocalProxy; the Flask stub does not declare its method.
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _app is None:
        raise RuntimeError("the job queue was not initialised (init_app)")
    return _app


def submit(job_id: int, *, delay: float | None = None) -> None:
    """Hand a committed job to the queue."""
    if delay:
        run_job.schedule(args=(job_id,), delay=delay)
    else:
        run_job(job_id)


def execute(job_id: int) -> None:
    """Run one job (in the worker, or inline in immediate mode); retries by raising RetryTask."""
    row = db.session.get(Job, job_id, with_for_update=True)
    if row is None or row.state in ("done", "failed", "running"):
        db.session.rollback()
        return
    definition = _registry.get(row.name)
    row.state, row.attempts, row.updated_at = "running", row.attempts + 1, utcnow()
    name, args = row.name, dict(row.args or {})
    db.session.commit()
    try:
        if definition is None:
            raise LookupError(f"no job called {name!r} in this version")
        definition.fn(**args)
        db.session.commit()
    except Exception as exc:  # noqa: BLE001  recorded on the job, retried or listed as failed
        db.session.rollback()
        row = db.session.get_one(Job, job_id)
        row.error = "".join(traceback.format_exception_only(exc)).strip()[:4000]
        row.updated_at = utcnow()
        if definition is not None and row.attempts < row.max_attempts:
            delay = definition.base_delay * 2 ** (row.attempts - 1)
            row.state = "retrying"
            row.next_attempt_at = utcnow() + dt.timedelta(seconds=delay)
            db.session.commit()
            log.warning("job %s (%s) failed, retry in %ss: %s", job_id, name, delay, row.error)
            raise RetryTask(delay=delay) from exc
        row.state = "failed"
        db.session.commit()
        log.error("job %s (%s) failed for good: %s", job_id, name, row.error)
        return
    row = db.session.get_one(Job, job_id)
    row.state, row.error, row.updated_at, row.next_attempt_at = "done", None, utcnow(), None
    db.session.commit()


def queued_ids() -> set[int]:
    """The ids of the jobs the queue holds: waiting, or scheduled for a retry."""
    tasks = [*huey.pending(), *huey.scheduled()]
    return {int(task.args[0]) for task in tasks if isinstance(task, run_job.task_class)}


def requeue_lost(*, grace: dt.timedelta = dt.timedelta(minutes=1)) -> list[int]:
    """Hand to the queue again the jobs it lost: rows 'queued' or 'retrying' that the queue does
    not hold (the hand-over after commit failed, or the queue's storage was emptied) and rows
    'running' for more than an hour (their worker stopped). A row younger than `grace` is left
    alone: its committing process may be handing it over right now. Returns the ids requeued
    (none on a first start: the jobs a demo load queued are in the queue and simply wait)."""
    now = utcnow()
    held = queued_ids()
    rows = db.session.scalars(
        select(Job).where(
            (Job.state.in_(("queued", "retrying")) & (Job.updated_at < now - grace))
            | ((Job.state == "running") & (Job.updated_at < now - dt.timedelta(hours=1)))
        )
    ).all()
    lost = [row for row in rows if row.id not in held]
    for row in lost:
        row.state, row.updated_at, row.next_attempt_at = "queued", now, None
    db.session.commit()
    for row in lost:
        submit(row.id)
    return [row.id for row in lost]


def run_pending(limit: int = 100) -> int:
    """Execute what the queue holds now (tests and `flask jobs run-pending`); returns the count."""
    done = 0
    while done < limit:
        task = huey.dequeue()
        if task is None:
            break
        huey.execute(task)
        done += 1
    return done


_installed = False


def _install_hooks() -> None:
    global _installed
    if _installed:
        return
    _installed = True

    @event.listens_for(Session, "after_commit")
    def _committed(session):
        session.info.pop(PENDING_NAMES, None)
        ids = session.info.pop(PENDING, None)
        for job_id in ids or ():
            try:
                submit(job_id)
            except Exception:  # noqa: BLE001  the row stays queued; `jobs requeue` resubmits
                log.exception("could not hand job %s to the queue", job_id)

    @event.listens_for(Session, "after_soft_rollback")
    def _rolled_back(session, previous_transaction):
        if previous_transaction.parent is None:
            session.info.pop(PENDING, None)
            session.info.pop(PENDING_NAMES, None)
