"""Contracts (契約): the record, its parties (甲, 乙, ...) and its payment milestones."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from llp_gov.db import BigIntPK, Model, UTCDateTime, utcnow

if TYPE_CHECKING:
    from llp_gov.documents.models import Document


TYPES = ("commission", "joint_business", "nda", "mou", "partnership")
LANGUAGES = ("ja", "en", "ko", "ja+en", "ja+ko")
# Consumption tax treatment and its rate in percent (None: no tax computed).
TAX_TREATMENTS = {
    "taxable_10": 10,
    "reduced_8": 8,
    "export_exempt": 0,  # 輸出免税 (e.g. services to a Korean client)
    "non_taxable": 0,  # 非課税
    "out_of_scope": 0,  # 不課税
}
STATUSES = ("draft", "in_review", "approved", "signed", "active", "expired", "terminated")
DATE_STYLES = ("wareki", "western")
PARTY_KINDS = ("organisation", "partner", "counterparty")


class Contract(Model):
    __tablename__ = "contracts"
    __table_args__ = (UniqueConstraint("organisation_id", "year", "seq"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    number: Mapped[str] = mapped_column(String(40))  # KLIC-2026-0007
    year: Mapped[int]
    seq: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    contract_type: Mapped[str] = mapped_column(String(24))
    language: Mapped[str] = mapped_column(String(8))
    date_style: Mapped[str] = mapped_column(String(8), default="wareki")
    currency: Mapped[str] = mapped_column(String(3), default="JPY")
    # Integer minor units (yen). amount_excl_tax + tax_amount == amount_incl_tax, always.
    amount_excl_tax: Mapped[int | None] = mapped_column(BigInteger)
    tax_treatment: Mapped[str] = mapped_column(String(16), default="taxable_10")
    tax_amount: Mapped[int | None] = mapped_column(BigInteger)
    amount_incl_tax: Mapped[int | None] = mapped_column(BigInteger)
    start_date: Mapped[dt.date | None]
    end_date: Mapped[dt.date | None]
    signing_date: Mapped[dt.date | None]
    governing_law: Mapped[str | None] = mapped_column(String(200))
    court: Mapped[str | None] = mapped_column(String(200))
    # [{"title": {"ja": ..., "en": ...}, "body": {"ja": ..., "en": ...}}, ...]
    clauses: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Type-specific data (the partnership agreement's Act 4(3) items).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    status_reason: Mapped[str | None] = mapped_column(String(400))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))  # generated PDFs
    signed_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    # Renewal terms (issue 15, renewals.py): the notice deadline is end_date minus the notice
    # period; an automatically renewing contract runs on for renewal_term_months at a time.
    auto_renew: Mapped[bool] = mapped_column(default=False)
    renewal_term_months: Mapped[int | None]
    notice_period_months: Mapped[int | None]
    notice_period_days: Mapped[int | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    parties: Mapped[list[ContractParty]] = relationship(
        back_populates="contract", order_by="ContractParty.position", cascade="all, delete-orphan"
    )
    milestones: Mapped[list[ContractMilestone]] = relationship(
        back_populates="contract",
        order_by="ContractMilestone.position",
        cascade="all, delete-orphan",
    )
    document: Mapped[Document | None] = relationship("Document", foreign_keys=[document_id])
    signed_document: Mapped[Document | None] = relationship(
        "Document", foreign_keys=[signed_document_id]
    )

    @property
    def languages(self) -> list[str]:
        return self.language.split("+")

    @property
    def is_editable(self) -> bool:
        return self.status == "draft"


class ContractParty(Model):
    """One party, its names as they stood when the contract was drafted, and who signs for it."""

    __tablename__ = "contract_parties"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    position: Mapped[int]  # 0 = 甲, 1 = 乙, ...
    kind: Mapped[str] = mapped_column(String(16))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    counterparty_id: Mapped[int | None] = mapped_column(ForeignKey("counterparties.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    name_ko: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(400))
    representative_title: Mapped[str | None] = mapped_column(String(100))
    representative_name: Mapped[str | None] = mapped_column(String(200))

    contract: Mapped[Contract] = relationship(back_populates="parties")

    def name_in(self, lang: str) -> str:
        if lang == "en" and self.name_en:
            return self.name_en
        if lang == "ko" and self.name_ko:
            return self.name_ko
        return self.name


class ContractMilestone(Model):
    """A payment milestone (amount excluding tax, minor units)."""

    __tablename__ = "contract_milestones"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    position: Mapped[int]
    due_date: Mapped[dt.date]
    amount: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str | None] = mapped_column(Text)

    contract: Mapped[Contract] = relationship(back_populates="milestones")


class ContractReminder(Model):
    """A renewal reminder sent (one row per contract, deadline and lead time: never sent twice)."""

    __tablename__ = "contract_reminders"
    __table_args__ = (UniqueConstraint("contract_id", "kind", "deadline", "days_before"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # notice | end
    deadline: Mapped[dt.date]
    days_before: Mapped[int]
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarToken(Model):
    """A user's secret iCalendar feed address for one organisation (only its hash is stored)."""

    __tablename__ = "calendar_tokens"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class AgreementSignature(Model):
    """A partner's electronic signature of the partnership agreement (組合契約書, Ord. 2-3): its
    designated representative, signed in, confirmed the approved PDF identified by its SHA-256."""

    __tablename__ = "agreement_signatures"
    __table_args__ = (UniqueConstraint("contract_id", "partner_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    document_sha256: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
