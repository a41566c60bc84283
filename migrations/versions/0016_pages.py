"""pages (wave 3): schema changes owned by the pages area.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import llp_gov.db  # noqa: F401

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
