"""documents (issue wave 2): text status, languages and OCR state of each version.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("document_versions") as batch:
        batch.add_column(
            sa.Column("text_status", sa.String(length=16), nullable=False, server_default="pending")
        )
        batch.add_column(sa.Column("languages", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("ocr_status", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("ocr_error", sa.String(length=400), nullable=True))
        batch.add_column(sa.Column("ocr_sha256", sa.String(length=64), nullable=True))
        batch.create_index("ix_document_versions_text_status", ["text_status"])
    # Existing versions: text that was extracted is 'ok' unless empty (then OCR is wanted).
    op.execute(
        "UPDATE document_versions SET text_status = CASE "
        "WHEN extraction_status = 'failed' THEN 'failed' "
        "WHEN extraction_status = 'done' AND coalesce(extracted_text, '') = '' THEN 'no_text' "
        "WHEN extraction_status = 'done' THEN 'ok' ELSE 'pending' END"
    )
    with op.batch_alter_table("document_versions") as batch:
        batch.alter_column("text_status", server_default=None)


def downgrade():
    with op.batch_alter_table("document_versions") as batch:
        batch.drop_index("ix_document_versions_text_status")
        batch.drop_column("ocr_sha256")
        batch.drop_column("ocr_error")
        batch.drop_column("ocr_status")
        batch.drop_column("languages")
        batch.drop_column("text_status")
