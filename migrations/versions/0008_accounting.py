"""accounting (issue wave 2): tables and columns owned by the accounting area.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

import llp_gov.db

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade():
    op.create_table(
        "ledger_statement_filings",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("organisation_id", BIGINT, nullable=False),
        sa.Column("fiscal_year_id", BIGINT, nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("prepared_at", llp_gov.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("prepared_by_id", BIGINT, nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["fiscal_year_id"], ["ledger_fiscal_years.id"]),
        sa.ForeignKeyConstraint(["prepared_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("fiscal_year_id", "kind"),
    )
    op.create_index(
        "ix_ledger_statement_filings_organisation_id",
        "ledger_statement_filings",
        ["organisation_id"],
    )

    op.create_table(
        "invoice_registrations",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("organisation_id", BIGINT, nullable=False),
        sa.Column("partner_id", BIGINT, nullable=False),
        sa.Column("t_number", sa.String(length=14), nullable=False),
        sa.Column("registered_from", sa.Date(), nullable=False),
        sa.Column("registered_to", sa.Date(), nullable=True),
        sa.Column("created_at", llp_gov.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_invoice_registrations_organisation_id", "invoice_registrations", ["organisation_id"]
    )
    op.create_index("ix_invoice_registrations_partner_id", "invoice_registrations", ["partner_id"])
    op.create_table(
        "invoice_notices",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("organisation_id", BIGINT, nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("created_at", llp_gov.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id"),
    )
    op.create_table(
        "invoices",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("organisation_id", BIGINT, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("transaction_date", sa.Date(), nullable=False),
        sa.Column("counterparty_id", BIGINT, nullable=False),
        sa.Column("issuing_partner_id", BIGINT, nullable=False),
        sa.Column("t_number", sa.String(length=14), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("subtotal", sa.BigInteger(), nullable=False),
        sa.Column("tax", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("document_id", BIGINT, nullable=True),
        sa.Column("entry_id", BIGINT, nullable=True),
        sa.Column("created_by_id", BIGINT, nullable=True),
        sa.Column("created_at", llp_gov.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["counterparty_id"], ["counterparties.id"]),
        sa.ForeignKeyConstraint(["issuing_partner_id"], ["partners.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.ForeignKeyConstraint(["entry_id"], ["ledger_entries.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "number"),
    )
    op.create_index("ix_invoices_organisation_id", "invoices", ["organisation_id"])
    op.create_table(
        "invoice_items",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("invoice_id", BIGINT, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("rate", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_invoice_items_invoice_id", "invoice_items", ["invoice_id"])


def downgrade():
    op.drop_index("ix_invoice_items_invoice_id", table_name="invoice_items")
    op.drop_table("invoice_items")
    op.drop_index("ix_invoices_organisation_id", table_name="invoices")
    op.drop_table("invoices")
    op.drop_table("invoice_notices")
    op.drop_index("ix_invoice_registrations_partner_id", table_name="invoice_registrations")
    op.drop_index("ix_invoice_registrations_organisation_id", table_name="invoice_registrations")
    op.drop_table("invoice_registrations")
    op.drop_index(
        "ix_ledger_statement_filings_organisation_id", table_name="ledger_statement_filings"
    )
    op.drop_table("ledger_statement_filings")
