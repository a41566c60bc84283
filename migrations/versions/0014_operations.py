"""operations (wave 3): schema changes owned by the operations area.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

import llp_gov.db  # noqa: F401

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    # Notifications are rendered when shown, in the reader's language (issue 14): their kind and
    # parameters; older rows keep their stored text.
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("params")
        batch.drop_column("kind")
