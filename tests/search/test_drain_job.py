"""The outbox drain is a job on the queue (issue 13): a commit only queues it, the worker indexes,
a busy index makes it retry with the rows kept, and the periodic drain picks up leftovers."""

import io

import pytest
from sqlalchemy import func, select

from llp_gov.documents import services as documents
from llp_gov.documents.search_service import search_documents
from llp_gov.extensions import db
from llp_gov.jobs import queue
from llp_gov.jobs.models import Job
from llp_gov.search import background, index, merge, outbox
from llp_gov.search.models import SearchOutbox
from llp_gov.search.query import Filters


@pytest.fixture
def app_config(tmp_path):
    return {
        "JOBS_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}",
        "SEARCH_LOCK_TIMEOUT_SECONDS": 0.2,
    }


@pytest.fixture(autouse=True)
def _empty_queue():
    yield
    queue.huey.flush()


def create(world, title):
    return documents.create_document(
        actor=world.user("member"),
        organisation=world.org,
        title=title,
        doc_type="other",
        data=f"{title}の契約書".encode(),
        filename="a.txt",
    )


def found(world, q):
    return search_documents(
        actor=world.user("member"), organisation=world.org, filters=Filters(q=q)
    )[0].total


def queued_rows():
    return db.session.scalar(select(func.count()).select_from(SearchOutbox))


def drain_jobs():
    return db.session.scalars(select(Job).where(Job.name == outbox.DRAIN_JOB)).all()


def test_a_commit_only_queues_one_drain_job_and_the_worker_indexes(app, world):
    for title in ("北九州", "福岡", "長崎"):
        create(world, title)
    db.session.commit()
    # Nothing was indexed inside the request: the rows wait, with one job for the transaction.
    assert queued_rows() == 3 and found(world, "北九州") == 0
    assert [j.state for j in drain_jobs()] == ["queued"]
    while queue.run_pending():
        pass
    db.session.expire_all()
    assert queued_rows() == 0 and [j.state for j in drain_jobs()] == ["done"]
    assert found(world, "北九州") == 1 and found(world, "長崎") == 1


def test_a_rolled_back_change_queues_nothing(app, world):
    create(world, "取消")
    db.session.rollback()
    assert queued_rows() == 0 and drain_jobs() == []


def test_a_busy_index_makes_the_job_retry_and_keeps_the_rows(app, world):
    create(world, "熊本")
    db.session.commit()
    ix = index.open_index()
    lock = ix.storage.lock(index.INDEX_NAME + "_WRITELOCK")
    assert lock.acquire()
    try:
        while queue.run_pending():
            pass
    finally:
        lock.release()
        ix.close()
    db.session.expire_all()
    [job] = drain_jobs()
    assert job.state == "retrying" and "IndexBusy" in job.error
    assert queued_rows() == 1 and found(world, "熊本") == 0
    for task in queue.huey.scheduled():  # the retry, when its time comes
        queue.huey.storage.flush_schedule()
        queue.huey.execute(task, timestamp=task.eta)
    db.session.expire_all()
    assert drain_jobs()[0].state == "done" and queued_rows() == 0 and found(world, "熊本") == 1


def test_the_periodic_drain_indexes_rows_no_job_was_queued_for(app, world):
    app.config["SEARCH_DRAIN_AFTER_COMMIT"] = False
    create(world, "佐賀")
    db.session.commit()
    assert drain_jobs() == [] and queued_rows() == 1
    assert background.drain_leftovers() == 1
    db.session.expire_all()
    assert queued_rows() == 0 and found(world, "佐賀") == 1
    assert background.drain_leftovers() == 0  # nothing waits: no lock taken


def test_requests_never_write_or_merge_the_index_the_worker_does(
    app, world, client, token_for, monkeypatch
):
    # Issue 14: the first upload after a bulk reindex merged every segment inside its request.
    # Over HTTP, an upload only queues; the index is written (and merged) by jobs alone.
    app.config["SEARCH_MAX_SEGMENTS"] = 1  # every job-time merge check finds work
    calls: list[str] = []
    real_writer, real_merge = index.writer, merge.merge_segments
    monkeypatch.setattr(index, "writer", lambda **kw: calls.append("writer") or real_writer(**kw))
    monkeypatch.setattr(
        merge, "merge_segments", lambda **kw: calls.append("merge") or real_merge(**kw)
    )
    headers = token_for(world.user("member"))
    base = f"/api/v1/orgs/{world.org.slug}"
    for i in range(3):
        resp = client.post(
            f"{base}/documents",
            headers=headers,
            content_type="multipart/form-data",
            data={
                "title": f"宮崎{i}",
                "doc_type": "other",
                "file": (io.BytesIO(f"宮崎の書類{i}".encode()), "a.txt"),
            },
        )
        assert resp.status_code == 201
        assert client.get(f"{base}/search?q=宮崎", headers=headers).json["total"] == 0
    assert calls == []  # no request opened a writer or merged
    while queue.run_pending():
        pass
    background.merge_if_needed()
    assert "writer" in calls and calls[-1] == "merge"
    assert client.get(f"{base}/search?q=宮崎", headers=headers).json["total"] == 3
