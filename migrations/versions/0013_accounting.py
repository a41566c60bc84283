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


def downgrade():
    with op.batch_alter_table("ledger_statement_filings") as batch:
        batch.drop_column("documents")
