"""operations (issue wave 2): tables and columns owned by the operations area.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    # The audit trail's per-field commitments (issue 13, item 6); existing events stay version 1.
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(
            sa.Column("digest_version", sa.Integer(), nullable=False, server_default="1")
        )
        batch.add_column(sa.Column("salts", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("salts")
        batch.drop_column("digest_version")
