"""The search outbox: rows written in the same transaction as the change they announce."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from llp_gov.db import BigIntPK, Model, UTCDateTime, utcnow


class SearchOutbox(Model):
    """A document to (re)index; deleted only after the index writer committed it."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), default="document")
    target_id: Mapped[int] = mapped_column(BigInteger, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(400))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
