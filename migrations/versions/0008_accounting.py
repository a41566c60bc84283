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


def downgrade():
    op.drop_index(
        "ix_ledger_statement_filings_organisation_id", table_name="ledger_statement_filings"
    )
    op.drop_table("ledger_statement_filings")
