"""pages speed (wave 4): a reader's notifications newest first and the count of the unread ones
(llp_gov/indexes.py).

Revision ID: 0018
Revises: 0017
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

INDEXES = (
    (
        "ix_notifications_user_org_created",
        "notifications",
        ["user_id", "organisation_id", "created_at", "id"],
    ),
    ("ix_notifications_user_org_read", "notifications", ["user_id", "organisation_id", "read_at"]),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
