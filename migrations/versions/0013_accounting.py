"""accounting (wave 3): schema changes owned by the accounting area.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

import llp_gov.db  # noqa: F401

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    # The issued (signed) PDFs of a year's statements: {"statements": id} / {"<partner id>": id}.
    with op.batch_alter_table("ledger_statement_filings") as batch:
        batch.add_column(sa.Column("documents", sa.JSON(), nullable=True))
    # Invoices: corrected (修正インボイス) and cancelled invoices, the original kept and marked.
    with op.batch_alter_table("invoices") as batch:
        batch.add_column(
            sa.Column("status", sa.String(length=12), server_default="issued", nullable=False)
        )
        batch.add_column(
            sa.Column(
                "corrects_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch.add_column(sa.Column("reason", sa.String(length=400), nullable=True))
        batch.add_column(
            sa.Column("changed_at", llp_gov.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch.create_foreign_key(
            batch.f("fk_invoices_corrects_id_invoices"), "invoices", ["corrects_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("invoices") as batch:
        batch.drop_constraint(batch.f("fk_invoices_corrects_id_invoices"), type_="foreignkey")
        batch.drop_column("changed_at")
        batch.drop_column("reason")
        batch.drop_column("corrects_id")
        batch.drop_column("status")
    with op.batch_alter_table("ledger_statement_filings") as batch:
        batch.drop_column("documents")
