"""Joint projects of the partners: participants, schedule and the decisions taken on them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from llp_gov.db import BigIntPK, Model, UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from llp_gov.auth.models import User
    from llp_gov.contracts.models import Contract
    from llp_gov.counterparties.models import Counterparty
    from llp_gov.documents.models import Document
    from llp_gov.partners.models import Partner


KINDS = (
    "regional_system",
    "product_development",
    "training",
    "trade_exhibition",
    "exchange_event",
    "other",
)
STATUSES = (
    "draft",
    "submitted",
    "approved",
    "rejected",
    "changes_requested",
    "active",
    "completed",
    "cancelled",
)
ROLES = ("lead", "member")
# Minor-unit exponent per currency: values are stored as integers in minor units.
CURRENCIES = {"JPY": 0, "KRW": 0, "USD": 2, "EUR": 2}

# Linked records: the project's documents (proposals, estimates) and its contracts.
project_documents = Table(
    "project_documents",
    db.metadata,
    Column("project_id", ForeignKey("projects.id"), primary_key=True),
    Column("document_id", ForeignKey("documents.id"), primary_key=True),
)
project_contracts = Table(
    "project_contracts",
    db.metadata,
    Column("project_id", ForeignKey("projects.id"), primary_key=True),
    Column("contract_id", ForeignKey("contracts.id"), primary_key=True),
)


class Project(Model):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("counterparties.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[int] = mapped_column(BigInteger, default=0)  # minor units of `currency`
    currency: Mapped[str] = mapped_column(String(3), default="JPY")
    # Yen amounts that may make the project a matter for the partners (Act 12, Ord. 5).
    property_amount: Mapped[int | None] = mapped_column(BigInteger)
    borrowing_amount: Mapped[int | None] = mapped_column(BigInteger)
    starts_on: Mapped[dt.date | None]
    ends_on: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    proposer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    client: Mapped[Counterparty | None] = relationship("Counterparty")
    proposer: Mapped[User] = relationship("User")
    participants: Mapped[list[ProjectParticipant]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectParticipant.id"
    )
    milestones: Mapped[list[ProjectMilestone]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectMilestone.position"
    )
    documents: Mapped[list[Document]] = relationship(
        "Document", secondary=project_documents, order_by="Document.id"
    )
    contracts: Mapped[list[Contract]] = relationship(
        "Contract", secondary=project_contracts, order_by="Contract.id"
    )
    decisions: Mapped[list[ProjectDecision]] = relationship(
        back_populates="project", order_by="ProjectDecision.id"
    )

    @property
    def document_ids(self) -> list[int]:
        return [d.id for d in self.documents]

    @property
    def contract_ids(self) -> list[int]:
        return [c.id for c in self.contracts]

    @property
    def lead(self) -> ProjectParticipant | None:
        return next((p for p in self.participants if p.role == "lead"), None)

    @property
    def value_major(self):
        """The value in major units (yen, won, dollars) for display."""
        exp = CURRENCIES.get(self.currency, 0)
        return self.value if exp == 0 else self.value / 10**exp


class ProjectParticipant(Model):
    __tablename__ = "project_participants"
    __table_args__ = (UniqueConstraint("project_id", "partner_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    role: Mapped[str] = mapped_column(String(8), default="member")
    share_percent: Mapped[int]

    project: Mapped[Project] = relationship(back_populates="participants")
    partner: Mapped[Partner] = relationship("Partner")


class ProjectMilestone(Model):
    __tablename__ = "project_milestones"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[dt.date]
    position: Mapped[int] = mapped_column(default=0)

    project: Mapped[Project] = relationship(back_populates="milestones")


class ProjectDecision(Model):
    """One step of the state machine: who moved the project, when, from where to where, why."""

    __tablename__ = "project_decisions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    action: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: by resolution
    comment: Mapped[str] = mapped_column(Text, default="")
    resolution_id: Mapped[int | None] = mapped_column(BigInteger)  # when a resolution decided
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship(back_populates="decisions")
    actor: Mapped[User | None] = relationship("User")
