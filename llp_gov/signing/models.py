"""Signed PDFs we issued (for time-stamp renewal)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from llp_gov.db import BigIntPK, Model, UTCDateTime, utcnow


class SignedPdf(Model):
    """One document version the organisation signed: its level and when its newest time stamp's
    certificate expires (restamp_due renews it before then)."""

    __tablename__ = "signed_pdfs"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    version_number: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    purpose: Mapped[str] = mapped_column(String(40))  # contract:approved, minutes, ...
    level: Mapped[str] = mapped_column(String(8))  # B-B, B-T, B-LTA
    archive: Mapped[bool] = mapped_column(default=False)
    signed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    timestamp_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    superseded: Mapped[bool] = mapped_column(default=False)  # a restamped version replaced it
