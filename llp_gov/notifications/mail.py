"""Outgoing mail, sent only after the database transaction that caused it commits.

With MAIL_SERVER set, mail goes through SMTP (smtplib); without one (development, tests and
demo), each message is written to MAIL_OUTBOX_DIR as an .eml file instead.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from llp_gov.db import db, utcnow

log = logging.getLogger(__name__)
PENDING = "llp_gov.pending_mail"


@dataclass
class MailSettings:
    server: str | None
    port: int
    use_tls: bool
    username: str | None
    password: str | None
    sender: str
    outbox_dir: str

    @classmethod
    def from_config(cls, config) -> MailSettings:
        return cls(
            server=config.get("MAIL_SERVER") or None,
            port=int(config.get("MAIL_PORT") or 25),
            use_tls=bool(config.get("MAIL_USE_TLS")),
            username=config.get("MAIL_USERNAME") or None,
            password=config.get("MAIL_PASSWORD") or None,
            sender=config.get("MAIL_SENDER") or "llp-gov@localhost",
            outbox_dir=config["MAIL_OUTBOX_DIR"],
        )


def build_message(*, sender: str, to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(utcnow())
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    msg.set_content(body)  # UTF-8: Japanese and Korean text both survive
    return msg


def queue(*, to: str, subject: str, body: str) -> None:
    """Send this mail once the current transaction commits; drop it if it rolls back."""
    settings = MailSettings.from_config(current_app.config)
    msg = build_message(sender=settings.sender, to=to, subject=subject, body=body)
    db.session().info.setdefault(PENDING, []).append((settings, msg))


def deliver(settings: MailSettings, msg: EmailMessage) -> None:
    if settings.server:
        with smtplib.SMTP(settings.server, settings.port, timeout=15) as smtp:
            if settings.use_tls:
                smtp.starttls()
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            smtp.send_message(msg)
        return
    outbox = Path(settings.outbox_dir)
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow().strftime('%Y%m%dT%H%M%S%f')}-{uuid.uuid4().hex[:8]}.eml"
    (outbox / name).write_bytes(msg.as_bytes())


def _after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    for settings, msg in pending or ():
        try:
            deliver(settings, msg)
        except (OSError, smtplib.SMTPException):
            # The decision is committed; a mail server being down must not undo it.
            log.exception("could not deliver mail to %s", msg["To"])


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def install() -> None:
    """Hook delivery onto every session's commit (once per process)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback_soft)


def _after_rollback_soft(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # only the outermost transaction's rollback
        _after_rollback(session)
