"""The append-only, hash-chained audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from llp_gov.db import BigIntPK, Model, UTCDateTime, utcnow


class AuditChain(Model):
    """The head of one chain; locking this row serialises appends to the chain."""

    __tablename__ = "audit_chains"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class AuditEvent(Model):
    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("chain_key", "seq"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    chain_key: Mapped[str] = mapped_column(String(40), index=True)
    seq: Mapped[int]
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor_label: Mapped[str | None] = mapped_column(String(254))
    tag: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(40))
    diff: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(400))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The chain covers the digest, not the data: redacting personal data keeps the chain valid.
    data_digest: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    redacted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # 1: one digest over the data (a redaction excuses it whole); 2: a digest over one commitment
    # per field, so that a redaction excuses only the redacted fields (issue 13, item 6).
    digest_version: Mapped[int] = mapped_column(Integer, default=2, server_default="1")
    # Version 2: a random salt per redactable field (personal data); a redaction deletes the
    # field's salt with its value, so its commitment no longer confirms a guessed value.
    salts: Mapped[dict[str, str] | None] = mapped_column(JSON)
