"""pages (wave 3): indexes that match the daily pages' queries (llp_gov/indexes.py).

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

INDEXES = (
    # the ledger overview's export form: the latest fiscal year holding an entry
    ("ix_ledger_entries_org_fiscal_year", "ledger_entries", ["organisation_id", "fiscal_year"]),
)


# The documents lists' descending sorts, undated or without amount last (llp_gov/indexes.py).
DESC_INDEXES = (
    ("ix_documents_org_amount_desc", "documents", "amount_jpy"),
    ("ix_documents_org_date_desc", "documents", "transaction_date"),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    # SQLite refuses NULLS LAST in an index; its NULLs sort lowest, so DESC already ends with them.
    nulls = " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    for name, table, column in DESC_INDEXES:
        op.create_index(
            name, table, ["organisation_id", sa.text(f"{column} DESC{nulls}"), sa.text("id DESC")]
        )


def downgrade():
    for name, table, _column in reversed(DESC_INDEXES):
        op.drop_index(name, table_name=table)
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
