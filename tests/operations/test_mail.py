"""Mail that is never lost (issue 13, item 3): a real SMTP server (aiosmtpd) started here."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from llp_gov.extensions import db
from llp_gov.jobs import queue
from llp_gov.jobs.models import Job
from llp_gov.notifications import mail
from llp_gov.notifications.models import OutgoingMail


class Recorder:
    def __init__(self):
        self.messages = []
        self.sessions = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def port():
    return _free_port()


@pytest.fixture
def app_config(tmp_path, port):
    return {
        "JOBS_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_TIMEOUT": 5,
    }


@pytest.fixture
def smtp(port):
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    yield controller, recorder
    if controller._thread is not None:
        controller.stop()


@pytest.fixture(autouse=True)
def _empty_queue():
    yield
    queue.huey.flush()


def _queue_three():
    for i in range(3):
        mail.queue(to=f"p{i}@example.test", subject=f"議決 {i}", body="의결 / resolution")
    db.session.commit()


def test_a_batch_goes_over_one_connection_after_the_commit(app, world, smtp):
    controller, recorder = smtp
    controller.start()
    _queue_three()
    assert recorder.messages == []  # nothing inside the request
    assert queue.run_pending() == 1  # one job for the whole transaction
    assert sorted(to for [to], _ in recorder.messages) == [
        "p0@example.test",
        "p1@example.test",
        "p2@example.test",
    ]
    assert recorder.sessions == 1
    db.session.expire_all()
    assert mail.pending_count() == 0


def test_mail_is_kept_and_retried_while_the_server_is_down(app, world, smtp):
    controller, recorder = smtp
    _queue_three()  # the server is not running yet
    queue.run_pending()
    db.session.expire_all()
    assert mail.pending_count() == 3
    job = db.session.scalars(select(Job).where(Job.name == "mail.send")).one()
    assert job.state == "retrying" and "ConnectionRefusedError" in job.error
    assert {m.last_error is not None for m in db.session.scalars(select(OutgoingMail))} == {True}

    controller.start()
    [task] = queue.huey.scheduled()
    queue.huey.storage.flush_schedule()
    queue.huey.execute(task, timestamp=task.eta)
    db.session.expire_all()
    assert len(recorder.messages) == 3 and recorder.sessions == 1
    assert mail.pending_count() == 0
    assert db.session.get(Job, job.id).state == "done"


def test_a_rolled_back_transaction_sends_nothing(app, world, smtp):
    controller, recorder = smtp
    controller.start()
    mail.queue(to="x@example.test", subject="s", body="b")
    db.session.rollback()
    assert queue.run_pending() == 0
    assert recorder.messages == [] and mail.pending_count() == 0
