"""What the audit trail does not keep about a decisive action: how its actor signed in."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from llp_gov.db import BigIntPK, Model


class SignInRecord(Model):
    """Captured when an approval, vote or signature is audited inside a request."""

    __tablename__ = "evidence_sign_ins"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("audit_events.id"), unique=True)
    # password_session | remembered_session | api_token
    method: Mapped[str] = mapped_column(String(24))
