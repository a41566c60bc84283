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


def _id():
    return sa.Column("id", ID, nullable=False)


def _when(name, nullable=False):
    return sa.Column(name, llp_gov.db.UTCDateTime(timezone=True), nullable=nullable)


def _fk(name, table, nullable=False, index=True):
    return sa.Column(name, ID, sa.ForeignKey(f"{table}.id"), nullable=nullable, index=index)


def upgrade():
    op.create_table(
        "signed_pdfs",
        _id(),
        _fk("organisation_id", "organisations"),
        _fk("document_id", "documents"),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("purpose", sa.String(40), nullable=False),
        sa.Column("level", sa.String(8), nullable=False),
        sa.Column("archive", sa.Boolean(), nullable=False),
        _when("signed_at"),
        _when("timestamp_expires_at", nullable=True),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("signed_pdfs")
