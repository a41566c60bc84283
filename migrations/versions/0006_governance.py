"""governance (issue wave 2): tables and columns owned by the governance area.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

import llp_gov.db

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ledger_contribution_payments",
        sa.Column("id", ID, nullable=False),
        sa.Column("contribution_id", ID, nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("entry_id", ID, nullable=True),
        sa.Column("recorded_by_id", ID, nullable=True),
        sa.Column("created_at", llp_gov.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["ledger_contributions.id"],
            name=op.f("fk_ledger_contribution_payments_contribution_id_ledger_contributions"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["ledger_entries.id"],
            name=op.f("fk_ledger_contribution_payments_entry_id_ledger_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_ledger_contribution_payments_recorded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_contribution_payments")),
    )
    op.create_index(
        op.f("ix_ledger_contribution_payments_contribution_id"),
        "ledger_contribution_payments",
        ["contribution_id"],
    )
    with op.batch_alter_table("partners") as batch:
        batch.add_column(sa.Column("execution_role", sa.String(length=400), nullable=True))
    with op.batch_alter_table("ledger_ratio_agreements") as batch:
        batch.add_column(sa.Column("contribution_ratios", sa.JSON(), nullable=True))
    with op.batch_alter_table("ledger_distributions") as batch:
        batch.add_column(sa.Column("authority", sa.String(length=16), nullable=True))
        batch.add_column(
            sa.Column("capital_returned", sa.BigInteger(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("ledger_distributions") as batch:
        batch.drop_column("capital_returned")
        batch.drop_column("authority")
    with op.batch_alter_table("ledger_ratio_agreements") as batch:
        batch.drop_column("contribution_ratios")
    with op.batch_alter_table("partners") as batch:
        batch.drop_column("execution_role")
    op.drop_index(
        op.f("ix_ledger_contribution_payments_contribution_id"),
        table_name="ledger_contribution_payments",
    )
    op.drop_table("ledger_contribution_payments")
