"""Outgoing mail that is never lost (issue 13, item 3).

`queue()` writes an OutgoingMail row in the caller's transaction and queues the "mail.send" job,
which the worker runs after the commit: it claims the pending rows, sends them with Flask-Mailman
over ONE SMTP connection per batch and marks each sent. While the SMTP server is down the job
fails, the rows stay pending and the job is retried with backoff; a periodic task also sends
whatever is pending every minute. Without MAIL_SERVER (development, tests, demo) each message is
written to MAIL_OUTBOX_DIR as an .eml file instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app
from flask_mailman import EmailMessage as MailmanMessage
from flask_mailman import Mail
from sqlalchemy import func, or_, select

from llp_gov.db import db, utcnow
from llp_gov.jobs import queue as jobs
from llp_gov.notifications.models import OutgoingMail

log = logging.getLogger(__name__)
CLAIM = dt.timedelta(minutes=10)
mailman = Mail()


def init_app(app) -> None:
    """Configure Flask-Mailman from MAIL_* (sender, 30 s timeout, SMTP backend)."""
    app.config.setdefault("MAIL_DEFAULT_SENDER", app.config.get("MAIL_SENDER"))
    app.config.setdefault("MAIL_TIMEOUT", 30)
    # SMTP also under TESTING (Flask-Mailman would pick its in-memory backend); without
    # MAIL_SERVER this module writes .eml files itself.
    app.config.setdefault("MAIL_BACKEND", "smtp")
    mailman.init_app(app)


def build_message(*, sender: str, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message (UTF-8, RFC 5322 Date in UTC and Message-ID at the sender's
    domain), as written to MAIL_OUTBOX_DIR when no MAIL_SERVER is configured."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(utcnow())
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    msg.set_content(body)  # UTF-8: Japanese and Korean text both survive
    return msg


def queue(*, to: str, subject: str, body: str) -> OutgoingMail:
    """Send this mail once the current transaction commits; nothing is sent if it rolls back."""
    row = OutgoingMail(to=to, subject=subject, body=body, created_at=utcnow())
    db.session.add(row)
    jobs.enqueue_once("mail.send")
    db.session.flush()
    return row


@jobs.job("mail.send", retries=8, base_delay=30)
def send_pending(batch: int = 200) -> int:
    """Send every pending mail, `batch` at a time over one connection; return how many were sent.

    Raises when the SMTP server refuses or is unreachable (the unsent rows stay pending)."""
    sent = 0
    while True:
        rows = _claim(batch)
        if not rows:
            return sent
        sent += _send(rows)


def _claim(batch: int) -> list[OutgoingMail]:
    now = utcnow()
    rows = db.session.scalars(
        select(OutgoingMail)
        .where(
            OutgoingMail.sent_at.is_(None),
            or_(OutgoingMail.claimed_until.is_(None), OutgoingMail.claimed_until < now),
        )
        .order_by(OutgoingMail.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    ).all()
    for row in rows:
        row.claimed_until = now + CLAIM
        row.attempts += 1
    db.session.commit()
    return list(rows)


def _send(rows: list[OutgoingMail]) -> int:
    config = current_app.config
    sent = 0
    try:
        if not config.get("MAIL_SERVER"):
            for row in rows:
                _write_eml(row)
                row.sent_at, row.claimed_until = utcnow(), None
                db.session.commit()
                sent += 1
            return sent
        with mailman.get_connection() as connection:  # one SMTP session for the batch
            for row in rows:
                MailmanMessage(
                    subject=row.subject,
                    body=row.body,
                    from_email=config["MAIL_DEFAULT_SENDER"],
                    to=[row.to],
                    connection=connection,
                ).send()
                row.sent_at, row.claimed_until = utcnow(), None
                db.session.commit()
                sent += 1
        return sent
    except Exception as exc:
        db.session.rollback()
        error = f"{type(exc).__name__}: {exc}"[:400]
        for row in rows:
            if row.sent_at is None:
                row.claimed_until, row.last_error = None, error
        db.session.commit()
        raise


def _write_eml(row: OutgoingMail) -> None:
    config = current_app.config
    msg = build_message(
        sender=config.get("MAIL_SENDER") or "llp-gov@localhost",
        to=row.to,
        subject=row.subject,
        body=row.body,
    )
    outbox = Path(config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow().strftime('%Y%m%dT%H%M%S%f')}-{uuid.uuid4().hex[:8]}.eml"
    (outbox / name).write_bytes(msg.as_bytes())


def pending_count() -> int:
    """How many mails are queued and not yet sent (the health check reports it)."""
    count = db.session.scalar(
        select(func.count()).select_from(OutgoingMail).where(OutgoingMail.sent_at.is_(None))
    )
    return count or 0


def install() -> None:
    """Kept for callers of the old hook; mail now goes through the job queue."""
