"""Background jobs on Huey (issue 13, item 2): queued with the transaction, retried with
backoff, failed jobs listed with a retry button, scheduled tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from llp_gov.audit.models import AuditEvent
from llp_gov.extensions import db
from llp_gov.jobs import periodic, queue
from llp_gov.jobs.models import Job

calls: list[int] = []
failures_left = {"n": 0}


@queue.job("test.flaky", retries=2, base_delay=10)
def flaky(n: int):
    calls.append(n)
    if failures_left["n"] > 0:
        failures_left["n"] -= 1
        raise ConnectionError("service down")


@pytest.fixture
def app_config(tmp_path):
    return {"JOBS_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}"}


@pytest.fixture(autouse=True)
def _reset():
    calls.clear()
    failures_left["n"] = 0
    yield
    queue.huey.flush()


def _run_scheduled():
    """Run the retries Huey scheduled, as the consumer does when their time comes."""
    for task in queue.huey.scheduled():
        queue.huey.storage.flush_schedule()
        queue.huey.execute(task, timestamp=task.eta)


def test_a_job_reaches_the_queue_only_when_its_transaction_commits(app, world):
    queue.enqueue("test.flaky", n=1)
    db.session.rollback()
    assert queue.huey.pending_count() == 0
    assert db.session.scalars(select(Job)).all() == []
    row = queue.enqueue("test.flaky", n=2, target_type="document_versions", target_id=7)
    db.session.commit()
    assert queue.huey.pending_count() == 1
    assert queue.job_state_for("document_versions", 7).state == "queued"
    assert queue.run_pending() == 1
    db.session.expire_all()
    assert calls == [2] and db.session.get(Job, row.id).state == "done"


def test_a_failing_job_is_retried_with_backoff_then_listed_as_failed(app, world):
    failures_left["n"] = 5
    row = queue.enqueue("test.flaky", n=3)
    db.session.commit()
    queue.run_pending()
    db.session.expire_all()
    job = db.session.get(Job, row.id)
    assert (job.state, job.attempts) == ("retrying", 1)
    assert "ConnectionError: service down" in job.error
    first = job.next_attempt_at - job.updated_at
    [scheduled] = queue.huey.scheduled()
    _run_scheduled()
    db.session.expire_all()
    job = db.session.get(Job, row.id)
    assert (job.state, job.attempts) == ("retrying", 2)
    assert (job.next_attempt_at - job.updated_at) > first  # backoff: 10 s, then 20 s
    _run_scheduled()
    db.session.expire_all()
    job = db.session.get(Job, row.id)
    assert (job.state, job.attempts) == ("failed", 3)
    assert calls == [3, 3, 3]


def test_the_failed_jobs_page_retries_a_job(app, client, world, login_as):
    failures_left["n"] = 3
    row = queue.enqueue("test.flaky", n=4)
    db.session.commit()
    queue.run_pending()
    _run_scheduled()
    _run_scheduled()
    admin = world.user("admin")
    admin.is_superadmin = True
    db.session.commit()
    login_as(admin)
    page = client.get("/admin/jobs")
    assert page.status_code == 200
    assert b"test.flaky" in page.data and b"service down" in page.data
    failures_left["n"] = 0
    resp = client.post(f"/admin/jobs/{row.id}/retry")
    assert resp.status_code == 302
    assert queue.run_pending() == 1
    db.session.expire_all()
    assert db.session.get(Job, row.id).state == "done"
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.tag == "job:retry")).one()
    assert client.post(f"/admin/jobs/{row.id}/retry").status_code == 409


def test_only_a_superadmin_sees_failed_jobs(client, world, login_as):
    login_as(world.user("chairman"))
    assert client.get("/admin/jobs").status_code == 403


def test_the_daily_audit_verification_records_its_result(app, world):
    periodic._in_app(periodic.verify_audit_trail)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.tag == "audit:verify")).one()
    assert event.diff == {"breaks": [None, []]}


def test_daily_hooks_run_each_in_its_own_transaction(app, world):
    ran = []
    periodic.register_daily("test.ok", lambda: ran.append("ok"))
    periodic.register_daily("test.broken", lambda: 1 / 0)
    try:
        results = periodic.run_daily_hooks()
    finally:
        periodic._daily.pop("test.ok")
        periodic._daily.pop("test.broken")
    assert ran == ["ok"] and results["test.ok"] == "ok"
    assert results["test.broken"].startswith("failed")


def _age(row_id: int, minutes: int) -> None:
    row = db.session.get(Job, row_id)
    row.updated_at = row.updated_at - dt.timedelta(minutes=minutes)
    db.session.commit()


def test_a_starting_worker_requeues_nothing_the_queue_still_holds(app, world):
    # `make run` loads the demo (which queues a mail batch) before the first worker starts: the
    # job waits in the queue and was never lost, so nothing is requeued (or doubled).
    row = queue.enqueue("test.flaky", n=5)
    db.session.commit()
    _age(row.id, 10)
    assert queue.requeue_lost() == []
    assert queue.huey.pending_count() == 1


def test_a_starting_worker_requeues_the_jobs_the_queue_lost(app, world):
    row = queue.enqueue("test.flaky", n=6)
    fresh = queue.enqueue("test.flaky", n=7)
    db.session.commit()
    queue.huey.flush()  # the queue's storage was emptied (or the hand-over failed)
    _age(row.id, 10)
    assert queue.requeue_lost() == [row.id]  # the fresh one may be being handed over right now
    assert queue.huey.pending_count() == 1
    assert queue.run_pending() == 1
    db.session.expire_all()
    assert calls == [6] and db.session.get(Job, row.id).state == "done"
    assert db.session.get(Job, fresh.id).state == "queued"
