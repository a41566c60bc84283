"""pages (issue 14): per-account monthly balances and indexes for the list pages' sorts.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_documents_org_created", "documents", ["organisation_id", "created_at", "id"]),
    ("ix_documents_org_date", "documents", ["organisation_id", "transaction_date", "id"]),
    ("ix_documents_org_amount", "documents", ["organisation_id", "amount_jpy", "id"]),
    ("ix_documents_org_title", "documents", ["organisation_id", "title", "id"]),
    ("ix_projects_org_created", "projects", ["organisation_id", "created_at", "id"]),
    (
        "ix_projects_org_status_submitted",
        "projects",
        ["organisation_id", "status", "submitted_at"],
    ),
    ("ix_resolutions_org_opened", "resolutions", ["organisation_id", "opened_at", "id"]),
    (
        "ix_resolutions_org_status_deadline",
        "resolutions",
        ["organisation_id", "status", "deadline"],
    ),
    (
        "ix_ledger_entries_org_date_number",
        "ledger_entries",
        ["organisation_id", "entry_date", "number"],
    ),
)


def upgrade():
    op.create_table(
        "ledger_monthly_balances",
        sa.Column(
            "organisation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("closing", sa.Boolean(), nullable=False),
        sa.Column("debit", sa.BigInteger(), nullable=False),
        sa.Column("credit", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["account_id"], ["ledger_accounts.id"]),
        sa.PrimaryKeyConstraint("organisation_id", "account_id", "month", "closing"),
    )
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    # Balances of the entries already posted.
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        month = "CAST(date_trunc('month', e.entry_date) AS DATE)"
    else:
        month = "substr(e.entry_date, 1, 7) || '-01'"
    op.execute(
        "INSERT INTO ledger_monthly_balances "
        "(organisation_id, account_id, month, closing, debit, credit) "
        f"SELECT l.organisation_id, l.account_id, {month}, e.kind = 'closing', "
        "SUM(l.debit), SUM(l.credit) "
        "FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id "
        f"GROUP BY l.organisation_id, l.account_id, {month}, e.kind = 'closing'"
    )


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_table("ledger_monthly_balances")
