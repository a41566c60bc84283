"""In-app notifications: one row per recipient, read or not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from llp_gov.db import BigIntPK, Model, UTCDateTime, utcnow


class Notification(Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_org", "user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Written in the recipient's language when it is created: what the mail said, and what is
    # shown when `kind` has no renderer (rows written before kinds existed).
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(400))
    # Rendered again when shown, in the reader's current language (llp_gov.notifications.kinds).
    kind: Mapped[str | None] = mapped_column(String(80))
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class OutgoingMail(Model):
    """A mail to send, written in the transaction that caused it; kept until the SMTP server
    accepted it (the job queue sends pending mail in batches over one connection, issue 13)."""

    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A sender claims a batch until this time; a crashed sender's claim simply expires.
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(400))
