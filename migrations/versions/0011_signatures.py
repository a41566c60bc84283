"""signatures (issue wave 2): tables and columns owned by the signatures area.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

import llp_gov.db

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _when(name, nullable=False):
    return sa.Column(name, llp_gov.db.UTCDateTime(timezone=True), nullable=nullable)


def _table(name, *columns, fks=(), uniques=(), indexes=()):
    """A table with an id primary key, named constraints (the models' naming convention)."""
    op.create_table(
        name,
        sa.Column("id", ID, nullable=False),
        *columns,
        *[
            sa.ForeignKeyConstraint([col], [f"{ref}.id"], name=f"fk_{name}_{col}_{ref}")
            for col, ref in fks
        ],
        *[sa.UniqueConstraint(*cols, name=f"uq_{name}_{'_'.join(cols)}") for cols in uniques],
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    for col in indexes:
        op.create_index(f"ix_{name}_{col}", name, [col], unique=False)


def upgrade():
    _table(
        "signed_pdfs",
        sa.Column("organisation_id", ID, nullable=False),
        sa.Column("document_id", ID, nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(40), nullable=False),
        sa.Column("level", sa.String(8), nullable=False),
        sa.Column("archive", sa.Boolean(), nullable=False),
        _when("signed_at"),
        _when("timestamp_expires_at", nullable=True),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        fks=[("organisation_id", "organisations"), ("document_id", "documents")],
        indexes=["organisation_id", "document_id", "sha256"],
    )
    with op.batch_alter_table("contracts") as batch:
        batch.add_column(
            sa.Column("auto_renew", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("renewal_term_months", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("notice_period_months", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("notice_period_days", sa.Integer(), nullable=True))
    with op.batch_alter_table("contracts") as batch:
        batch.alter_column("auto_renew", server_default=None)
    _table(
        "contract_reminders",
        sa.Column("contract_id", ID, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        _when("sent_at"),
        fks=[("contract_id", "contracts")],
        uniques=[("contract_id", "kind", "deadline", "days_before")],
        indexes=["contract_id"],
    )
    _table(
        "calendar_tokens",
        sa.Column("organisation_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        _when("created_at"),
        _when("revoked_at", nullable=True),
        fks=[("organisation_id", "organisations"), ("user_id", "users")],
        uniques=[("token_hash",)],
        indexes=["organisation_id", "user_id"],
    )
    _table(
        "evidence_sign_ins",
        sa.Column("event_id", ID, nullable=False),
        sa.Column("method", sa.String(24), nullable=False),
        fks=[("event_id", "audit_events")],
        uniques=[("event_id",)],
    )
    _table(
        "agreement_signatures",
        sa.Column("contract_id", ID, nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("document_sha256", sa.String(64), nullable=False),
        _when("signed_at"),
        fks=[("contract_id", "contracts"), ("partner_id", "partners"), ("user_id", "users")],
        uniques=[("contract_id", "partner_id")],
        indexes=["contract_id"],
    )
    _table(
        "written_resolutions",
        sa.Column("organisation_id", ID, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("statute", sa.String(200), nullable=True),
        _when("deadline"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opened_by_id", ID, nullable=False),
        _when("opened_at"),
        _when("closed_at", nullable=True),
        fks=[("organisation_id", "organisations"), ("opened_by_id", "users")],
        indexes=["organisation_id"],
    )
    _table(
        "written_consents",
        sa.Column("resolution_id", ID, nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("proxy_name", sa.String(200), nullable=True),
        sa.Column("proxy_document_id", ID, nullable=True),
        _when("at"),
        fks=[
            ("resolution_id", "written_resolutions"),
            ("partner_id", "partners"),
            ("user_id", "users"),
            ("proxy_document_id", "documents"),
        ],
        uniques=[("resolution_id", "partner_id")],
        indexes=["resolution_id"],
    )
    _table(
        "convening_notices",
        sa.Column("resolution_id", ID, nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=True),
        _when("delivered_at", nullable=True),
        _when("opened_at", nullable=True),
        fks=[
            ("resolution_id", "written_resolutions"),
            ("partner_id", "partners"),
            ("user_id", "users"),
        ],
        uniques=[("resolution_id", "partner_id")],
        indexes=["resolution_id"],
    )
    _table(
        "minutes",
        sa.Column("organisation_id", ID, nullable=False),
        sa.Column("resolution_id", ID, nullable=False),
        sa.Column("document_id", ID, nullable=True),
        sa.Column("signed_by_id", ID, nullable=True),
        _when("signed_at", nullable=True),
        _when("created_at"),
        fks=[
            ("organisation_id", "organisations"),
            ("resolution_id", "written_resolutions"),
            ("document_id", "documents"),
            ("signed_by_id", "users"),
        ],
        uniques=[("resolution_id",)],
        indexes=["organisation_id"],
    )


def downgrade():
    for table in ("minutes", "convening_notices", "written_consents", "written_resolutions"):
        op.drop_table(table)
    op.drop_table("agreement_signatures")
    op.drop_table("evidence_sign_ins")
    op.drop_table("calendar_tokens")
    op.drop_table("contract_reminders")
    with op.batch_alter_table("contracts") as batch:
        batch.drop_column("notice_period_days")
        batch.drop_column("notice_period_months")
        batch.drop_column("renewal_term_months")
        batch.drop_column("auto_renew")
    op.drop_table("signed_pdfs")
