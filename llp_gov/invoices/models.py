"""Invoice registrations of the partners, the all-partners notice, invoices and their items.
Money is integer yen."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from llp_gov.db import BigIntPK, Model, UTCDateTime, utcnow


class InvoiceRegistration(Model):
    """A partner's registration as a qualified-invoice issuer (適格請求書発行事業者): T-number and
    the dates it is valid from and (when it lapsed or was cancelled) to."""

    __tablename__ = "invoice_registrations"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    t_number: Mapped[str] = mapped_column(String(14))
    registered_from: Mapped[dt.date]
    registered_to: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class InvoiceNotice(Model):
    """The notice that all partners are registered issuers (任意組合等の組合員の全てが適格請求書発行
    事業者である旨の届出書, 消費税法 57条の6第1項), with its filing date."""

    __tablename__ = "invoice_notices"
    __table_args__ = (UniqueConstraint("organisation_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    filed_on: Mapped[dt.date]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Invoice(Model):
    """A qualified invoice, numbered per organisation; its PDF is a stored document and its
    total is posted to accounts receivable."""

    __tablename__ = "invoices"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    number: Mapped[int]
    issued_on: Mapped[dt.date]
    transaction_date: Mapped[dt.date]
    counterparty_id: Mapped[int] = mapped_column(ForeignKey("counterparties.id"))
    issuing_partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    t_number: Mapped[str] = mapped_column(String(14))
    reference: Mapped[str | None] = mapped_column(
        String(200)
    )  # a contract milestone, a deliverable
    subtotal: Mapped[int] = mapped_column(BigInteger)
    tax: Mapped[int] = mapped_column(BigInteger)
    total: Mapped[int] = mapped_column(BigInteger)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "issued"; "corrected" once a corrected invoice (修正インボイス, 消費税法 57条の4第4項・
    # 第5項) replaces it; "cancelled" when withdrawn (issued in error, journal reversed). The
    # original's PDF stays as issued; `reason` says why it changed.
    status: Mapped[str] = mapped_column(String(12), default="issued", server_default="issued")
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"))
    reason: Mapped[str | None] = mapped_column(String(400))
    changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    corrects: Mapped[Invoice | None] = relationship(remote_side="Invoice.id")
    items: Mapped[list[InvoiceItem]] = relationship(
        back_populates="invoice", order_by="InvoiceItem.position"
    )


class InvoiceItem(Model):
    __tablename__ = "invoice_items"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    position: Mapped[int]
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int]
    unit_price: Mapped[int] = mapped_column(BigInteger)
    rate: Mapped[int]  # percent: 10 or 8 (reduced)
    amount: Mapped[int] = mapped_column(BigInteger)  # quantity × unit price, tax excluded

    invoice: Mapped[Invoice] = relationship(back_populates="items")
