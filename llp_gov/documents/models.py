"""Stored transaction documents (取引関係書類) and their immutable versions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from llp_gov.db import BigIntPK, Model, UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from llp_gov.auth.models import User
    from llp_gov.counterparties.models import Counterparty
    from llp_gov.partners.models import Partner


DOC_TYPES = (
    "contract",
    "agreement",
    "minutes",
    "quotation",
    "order",
    "delivery_note",
    "invoice",
    "receipt",
    "other",
)
# Transaction records (取引関係書類: 見積書, 注文書, 納品書, 請求書, 領収書, 契約書): the Electronic
# Bookkeeping Act's search keys (transaction date, amount, counterparty) are recorded and searched
# for these (電子帳簿保存法施行規則 4条1項 / 2条6項6号).
TRANSACTION_RECORD_TYPES = (
    "contract",
    "quotation",
    "order",
    "delivery_note",
    "invoice",
    "receipt",
)
# ... and required at upload for these (a quotation's amount may still be open when it is filed).
TYPES_NEEDING_KEYS = ("contract", "order", "delivery_note", "invoice", "receipt")
CONFIDENTIALITY = ("organisation", "restricted")
EXTRACTION_STATUSES = ("pending", "done", "failed")
# What the stored text is worth: ok; no_text (a page or image without text: OCR reads it);
# garbled (a font without a Unicode map: OCR reads it); encrypted; failed; pending.
TEXT_STATUSES = ("ok", "no_text", "garbled", "encrypted", "failed", "pending")
# OCR of a version: none asked, queued, done (a searchable PDF beside the original), failed,
# unavailable (Tesseract is not installed here).
OCR_STATUSES = ("pending", "done", "failed", "unavailable")

document_partners = Table(
    "document_partners",
    db.metadata,
    Column("document_id", ForeignKey("documents.id"), primary_key=True),
    Column("partner_id", ForeignKey("partners.id"), primary_key=True),
)


class Document(Model):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    doc_type: Mapped[str] = mapped_column(String(16))
    counterparty_id: Mapped[int | None] = mapped_column(ForeignKey("counterparties.id"), index=True)
    transaction_date: Mapped[dt.date | None] = mapped_column(index=True)
    # In the original currency's minor units (JPY has none; KRW none; USD cents).
    amount: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="JPY")
    amount_jpy: Mapped[int | None] = mapped_column(BigInteger, index=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    confidentiality: Mapped[str] = mapped_column(String(16), default="organisation")
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(String(400))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    counterparty: Mapped[Counterparty | None] = relationship("Counterparty")
    creator: Mapped[User | None] = relationship("User")
    restricted_partners: Mapped[list[Partner]] = relationship(
        "Partner", secondary=document_partners, order_by="Partner.position"
    )
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.number"
    )

    @property
    def is_restricted(self) -> bool:
        return self.confidentiality == "restricted"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def latest(self) -> DocumentVersion | None:
        return self.versions[-1] if self.versions else None


class DocumentVersion(Model):
    """One upload: never changed after it is written, except its extraction result."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mime_type: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(255))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    extraction_status: Mapped[str] = mapped_column(String(16), default="pending")
    extraction_error: Mapped[str | None] = mapped_column(String(400))
    extracted_text: Mapped[str | None] = mapped_column(Text)
    text_status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    languages: Mapped[str | None] = mapped_column(String(32))  # "ja,ko,en" as detected
    ocr_status: Mapped[str | None] = mapped_column(String(16))
    ocr_error: Mapped[str | None] = mapped_column(String(400))
    # The searchable PDF made by OCR, stored beside the untouched original (same store).
    ocr_sha256: Mapped[str | None] = mapped_column(String(64))

    document: Mapped[Document] = relationship(back_populates="versions")
    uploader: Mapped[User | None] = relationship("User")
