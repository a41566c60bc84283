"""Signed PDFs we issued (for time-stamp renewal) and the board portal's records."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
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


# -- Board portal: written resolutions (書面決議), proxies, notices and minutes ----------------


class WrittenResolution(Model):
    """A proposal decided in writing without a meeting: adopted only when every partner consents
    (one refusal, or the deadline passing without every consent, and it is not adopted)."""

    __tablename__ = "written_resolutions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    statute: Mapped[str | None] = mapped_column(String(200))
    deadline: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|adopted|rejected
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class WrittenConsent(Model):
    """One partner's answer, by its representative or by proxy recorded by the chairman."""

    __tablename__ = "written_consents"
    __table_args__ = (UniqueConstraint("resolution_id", "partner_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("written_resolutions.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    consent: Mapped[bool]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # who recorded it
    proxy_name: Mapped[str | None] = mapped_column(String(200))
    proxy_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConveningNotice(Model):
    """The notice (招集通知) to one partner's representative: delivered when sent in-app and by
    mail, opened when the representative first views the resolution."""

    __tablename__ = "convening_notices"
    __table_args__ = (UniqueConstraint("resolution_id", "partner_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("written_resolutions.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Minutes(Model):
    """The minutes (議事録) of a decided written resolution: a PDF, signed when the chairman
    approves it (the organisation's PAdES signature plus the recorded approval)."""

    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("written_resolutions.id"), unique=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
