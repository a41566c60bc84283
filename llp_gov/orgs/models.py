"""Organisations (LLPs and other partner groups) and users' memberships in them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from llp_gov.db import BigIntPK, Model, UTCDateTime, utcnow

if TYPE_CHECKING:
    from llp_gov.auth.models import User


LEGAL_FORMS = ("jp_llp", "other")
ROLES = ("chairman", "member", "accountant", "admin", "observer")


class Organisation(Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    legal_form: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    name_ko: Mapped[str | None] = mapped_column(String(200))
    office_address: Mapped[str | None] = mapped_column(String(400))
    business_purpose: Mapped[str | None] = mapped_column(Text)
    effective_date: Mapped[dt.date | None]
    end_date: Mapped[dt.date | None]  # the agreement's fixed duration (Act 4(3))
    fiscal_year_start_month: Mapped[int] = mapped_column(default=4)
    # The partnership agreement's choices (delegations, thresholds, voting rules), by key.
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="organisation")

    @property
    def is_jp_llp(self) -> bool:
        return self.legal_form == "jp_llp"

    def display_name(self, locale: str | None = None) -> str:
        if locale == "en" and self.name_en:
            return self.name_en
        if locale == "ko" and self.name_ko:
            return self.name_ko
        return self.name

    def setting(self, key: str, default: Any = None) -> Any:
        return (self.settings or {}).get(key, default)


class Membership(Model):
    """A user's one role in one organisation, and the partner whose staff the user is."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship("User")


# Invitations of existing accounts (issue 13, item 4): valid this long after they are mailed.
INVITATION_VALID_FOR = dt.timedelta(days=14)


class Invitation(Model):
    """An invitation mailed to an account of another organisation; only its token's hash is kept."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20))
    partner_id: Mapped[int | None] = mapped_column(BigInteger)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
