"""The books: accounts, journal entries and lines, fiscal years, contributions, allocations,
distributions and ratio agreements. Money is integer yen (BigInteger), never float."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from llp_gov.db import BigIntPK, Model, UTCDateTime, utcnow

if TYPE_CHECKING:
    from llp_gov.counterparties.models import Counterparty
    from llp_gov.partners.models import Partner


ACCOUNT_TYPES = ("asset", "liability", "capital", "revenue", "expense")
# Income categories of the partners' tax statements (所得税法 227条の2 statement).
INCOME_CATEGORIES = ("business", "real_estate", "interest", "dividends", "capital_gains", "other")
ENTRY_KINDS = ("ordinary", "contribution", "distribution", "closing", "reversal")
CONTRIBUTION_KINDS = ("money", "property")
VALUATION_BASES = ("market_price", "valuation_practice", "book_value")  # Ord. 8
Yen = BigInteger


class Account(Model):
    """One line of the chart of accounts (勘定科目); capital accounts belong to one partner."""

    __tablename__ = "ledger_accounts"
    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str | None] = mapped_column(String(100))
    name_ko: Mapped[str | None] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(12))
    income_category: Mapped[str | None] = mapped_column(String(16))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    partner: Mapped[Partner | None] = relationship("Partner")

    def display_name(self, locale: str | None = None) -> str:
        if locale == "en" and self.name_en:
            return self.name_en
        if locale == "ko" and self.name_ko:
            return self.name_ko
        return self.name

    @property
    def debit_normal(self) -> bool:
        return self.type in ("asset", "expense")


class FiscalYear(Model):
    """A fiscal year named by the calendar year it starts in; open or closed."""

    __tablename__ = "ledger_fiscal_years"
    __table_args__ = (UniqueConstraint("organisation_id", "year"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    year: Mapped[int]
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(8), default="open")
    net_income: Mapped[int | None] = mapped_column(Yen)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ratio_agreement_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_ratio_agreements.id"))

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"


class JournalEntry(Model):
    """A posted entry (仕訳): never edited or deleted; a correction is a reversal."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        UniqueConstraint("organisation_id", "number"),
        Index("ix_ledger_entries_org_date", "organisation_id", "entry_date"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    number: Mapped[int]  # per organisation, in posting order
    entry_date: Mapped[dt.date]
    fiscal_year: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16), default="ordinary")
    description: Mapped[str] = mapped_column(String(400))
    counterparty_id: Mapped[int | None] = mapped_column(ForeignKey("counterparties.id"))
    # An invoice or contract (documents.id).
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    posted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    posted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    lines: Mapped[list[JournalLine]] = relationship(
        back_populates="entry", order_by="JournalLine.line_no"
    )
    counterparty: Mapped[Counterparty | None] = relationship("Counterparty")
    reverses: Mapped[JournalEntry | None] = relationship(
        "JournalEntry", remote_side=[id], foreign_keys=[reverses_id]
    )


class JournalLine(Model):
    __tablename__ = "ledger_lines"
    __table_args__ = (
        CheckConstraint("debit >= 0 AND credit >= 0", name="non_negative"),
        CheckConstraint("(debit = 0) <> (credit = 0)", name="one_side"),
        Index("ix_ledger_lines_org_account", "organisation_id", "account_id"),
        Index("ix_ledger_lines_entry_line", "entry_id", "line_no"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    line_no: Mapped[int]
    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"))
    debit: Mapped[int] = mapped_column(Yen, default=0)
    credit: Mapped[int] = mapped_column(Yen, default=0)
    # An amount in another currency keeps its original amount, currency, rate and date.
    currency: Mapped[str | None] = mapped_column(String(3))
    original_amount: Mapped[Decimal | None] = mapped_column(Numeric(20, 4))
    rate: Mapped[Decimal | None] = mapped_column(Numeric(20, 8))
    rate_date: Mapped[dt.date | None]

    entry: Mapped[JournalEntry] = relationship(back_populates="lines")
    account: Mapped[Account] = relationship()


class Contribution(Model):
    """A partner's contribution (出資): money or property only (Act 11)."""

    __tablename__ = "ledger_contributions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    agreed_amount: Mapped[int] = mapped_column(Yen)
    received_amount: Mapped[int] = mapped_column(Yen)
    received_on: Mapped[dt.date | None]
    valuation_basis: Mapped[str | None] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(Text)
    currency: Mapped[str | None] = mapped_column(String(3))
    original_amount: Mapped[Decimal | None] = mapped_column(Numeric(20, 4))
    rate: Mapped[Decimal | None] = mapped_column(Numeric(20, 8))
    rate_date: Mapped[dt.date | None]
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    partner: Mapped[Partner] = relationship("Partner")  # partner_id is not null
    payments: Mapped[list[ContributionPayment]] = relationship(
        back_populates="contribution", order_by="ContributionPayment.id"
    )


class ContributionPayment(Model):
    """A later instalment received against a pledged contribution (出資の履行), posted to the
    partner's capital account like the first receipt."""

    __tablename__ = "ledger_contribution_payments"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("ledger_contributions.id"), index=True)
    amount: Mapped[int] = mapped_column(Yen)
    received_on: Mapped[dt.date]
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    contribution: Mapped[Contribution] = relationship(back_populates="payments")


class RatioAgreement(Model):
    """An adopted profit/loss ratio differing from contributions (unanimous, signed; Ord. 36)."""

    __tablename__ = "ledger_ratio_agreements"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    starts_on: Mapped[dt.date]
    reason: Mapped[str] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    resolution_id: Mapped[int | None] = mapped_column(BigInteger)
    # Ord. 36: each partner's contribution ratio on the start date, beside its allocation ratio
    # ({partner_id: "received/total"}).
    contribution_ratios: Mapped[dict | None] = mapped_column(JSON)
    adopted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    shares: Mapped[list[RatioShare]] = relationship(back_populates="agreement")


class RatioShare(Model):
    __tablename__ = "ledger_ratio_shares"
    __table_args__ = (UniqueConstraint("agreement_id", "partner_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("ledger_ratio_agreements.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    numerator: Mapped[int] = mapped_column(BigInteger)
    denominator: Mapped[int] = mapped_column(BigInteger)

    agreement: Mapped[RatioAgreement] = relationship(back_populates="shares")


class Allocation(Model):
    """A partner's share of one revenue or expense account in a closed year (+ profit, - loss)."""

    __tablename__ = "ledger_allocations"
    __table_args__ = (UniqueConstraint("fiscal_year_id", "partner_id", "account_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("ledger_fiscal_years.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"))
    amount: Mapped[int] = mapped_column(Yen)


class PartnerYear(Model):
    """Per partner and closed year: ratio, result, loss-limit position (調整出資金額), withholding."""

    __tablename__ = "ledger_partner_years"
    __table_args__ = (UniqueConstraint("fiscal_year_id", "partner_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("ledger_fiscal_years.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    ratio_numerator: Mapped[int] = mapped_column(BigInteger)
    ratio_denominator: Mapped[int] = mapped_column(BigInteger)
    contributions: Mapped[int] = mapped_column(Yen)  # received by year end, cumulative
    distributions: Mapped[int] = mapped_column(Yen)  # paid by year end, cumulative
    adjusted_base: Mapped[int] = mapped_column(Yen)  # 調整出資金額 before this year's result
    net_result: Mapped[int] = mapped_column(Yen)  # allocated profit (+) or loss (-)
    loss_deductible: Mapped[int] = mapped_column(Yen, default=0)
    loss_excess: Mapped[int] = mapped_column(Yen, default=0)
    carryforward_used: Mapped[int] = mapped_column(Yen, default=0)
    carryforward_end: Mapped[int] = mapped_column(Yen, default=0)  # corporations only
    withholding_tax: Mapped[int] = mapped_column(Yen, default=0)

    partner: Mapped[Partner | None] = relationship("Partner")


class Distribution(Model):
    __tablename__ = "ledger_distributions"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    distributed_on: Mapped[dt.date]
    total: Mapped[int] = mapped_column(Yen)
    return_of_capital: Mapped[bool] = mapped_column(default=False)
    unanimous_consent: Mapped[bool] = mapped_column(default=False)
    consent_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    resolution_id: Mapped[int | None] = mapped_column(BigInteger)
    # What authorises it (Act 12(1)): "resolution" (an adopted resolution, resolution_id), the
    # chairman's "delegation" recorded in the agreement's settings, or "refund" of a leaving
    # partner's share (持分払戻, Act 25-26).
    authority: Mapped[str | None] = mapped_column(String(16))
    # The part above the surplus given back (deducted from contributions, Act 34(2), Ord. 37).
    capital_returned: Mapped[int] = mapped_column(Yen, default=0, server_default="0")
    note: Mapped[str | None] = mapped_column(Text)
    entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    shares: Mapped[list[DistributionShare]] = relationship(back_populates="distribution")


class DistributionShare(Model):
    __tablename__ = "ledger_distribution_shares"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    distribution_id: Mapped[int] = mapped_column(ForeignKey("ledger_distributions.id"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    amount: Mapped[int] = mapped_column(Yen)

    distribution: Mapped[Distribution] = relationship(back_populates="shares")


FILING_KINDS = ("financial_statements", "partner_income")


class StatementFiling(Model):
    """A fiscal year's statutory statements marked as prepared: the financial statements (LLP
    Act 31(2), within two months of the year end) or the partners' income statements (所得税法
    227条の2, by 31 January of the following year). Until then the dashboard shows the deadline."""

    __tablename__ = "ledger_statement_filings"
    __table_args__ = (UniqueConstraint("fiscal_year_id", "kind"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("ledger_fiscal_years.id"))
    kind: Mapped[str] = mapped_column(String(24))
    prepared_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    prepared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The issued PDFs, signed with the organisation's seal when it has one (ledger/issuing.py):
    # {"statements": document id} or {"<partner id>": document id}.
    documents: Mapped[dict[str, int] | None] = mapped_column(JSON)
