"""The board portal's records on a partner resolution (resolutions.id)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from llp_gov.db import BigIntPK, Model, UTCDateTime, utcnow


class ConveningNotice(Model):
    """The notice (招集通知) of a resolution to one entitled partner's representative: delivered
    when sent in-app and by mail at opening, opened when the representative first views the
    resolution."""

    __tablename__ = "board_notices"
    __table_args__ = (UniqueConstraint("resolution_id", "partner_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ProxyVote(Model):
    """A partner's vote cast through a proxy (代理人), recorded by the chairman with the proxy
    document (委任状); the vote itself is the resolution's ResolutionVote."""

    __tablename__ = "board_proxy_votes"
    __table_args__ = (UniqueConstraint("resolution_id", "partner_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    proxy_name: Mapped[str] = mapped_column(String(200))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Minutes(Model):
    """The signed minutes (議事録) of a closed resolution: the PDF stored as a document, signed
    (PAdES with the organisation's key) when the chairman approves it. A closed resolution
    without a row here has minutes not yet signed."""

    __tablename__ = "board_minutes"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    signed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
