"""Partner resolutions and the partners' votes on them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from llp_gov.db import BigIntPK, Model, UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from llp_gov.auth.models import User
    from llp_gov.documents.models import Document
    from llp_gov.partners.models import Partner
    from llp_gov.projects.models import Project


STATUSES = ("open", "adopted", "rejected")
VOTES = ("for", "against", "abstain")

# The documents put before the partners with a resolution (the draft agreement, an estimate).
resolution_documents = Table(
    "resolution_documents",
    db.metadata,
    Column("resolution_id", ForeignKey("resolutions.id"), primary_key=True),
    Column("document_id", ForeignKey("documents.id"), primary_key=True),
)


class Resolution(Model):
    __tablename__ = "resolutions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    matter: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[int | None] = mapped_column(BigInteger)  # yen, for property and borrowing
    subject_partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # e.g. the ratios
    # Fixed at opening: the rule, why it applies, the entitled partners and the votes needed.
    rule: Mapped[str] = mapped_column(String(24))
    rule_basis: Mapped[str] = mapped_column(String(32))
    base: Mapped[int]
    required: Mapped[int]
    deadline: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    close_reason: Mapped[str | None] = mapped_column(String(16))  # deadline or decided
    effects: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    subject_partner: Mapped[Partner | None] = relationship("Partner")
    project: Mapped[Project | None] = relationship("Project")
    opened_by: Mapped[User] = relationship("User")
    attachments: Mapped[list[Document]] = relationship(
        "Document", secondary=resolution_documents, order_by="Document.id"
    )
    votes: Mapped[list[ResolutionVote]] = relationship(
        back_populates="resolution", order_by="ResolutionVote.id", cascade="all, delete-orphan"
    )


class ResolutionVote(Model):
    """An entitled partner's vote (None until cast), cast by its designated representative."""

    __tablename__ = "resolution_votes"
    __table_args__ = (UniqueConstraint("resolution_id", "partner_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolutions.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    vote: Mapped[str | None] = mapped_column(String(8))
    cast_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cast_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    resolution: Mapped[Resolution] = relationship(back_populates="votes")
    partner: Mapped[Partner] = relationship("Partner")
    cast_by: Mapped[User | None] = relationship("User")
