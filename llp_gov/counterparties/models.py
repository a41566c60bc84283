"""The directory of outside parties an organisation deals with (取引先)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from llp_gov.db import BigIntPK, Model, UTCDateTime, utcnow


class Counterparty(Model):
    __tablename__ = "counterparties"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_kana: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    name_ko: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(400))
    country: Mapped[str] = mapped_column(String(2), default="JP")
    corporate_number: Mapped[str | None] = mapped_column(String(13))
    kr_business_number: Mapped[str | None] = mapped_column(String(12))
    invoice_number: Mapped[str | None] = mapped_column(String(14))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def kr_business_number_display(self) -> str:
        """Written the Korean way, 123-45-67890 (stored as ten digits)."""
        d = self.kr_business_number or ""
        return f"{d[:3]}-{d[3:5]}-{d[5:]}" if len(d) == 10 else d

    def display_name(self, locale: str | None = None) -> str:
        if locale == "en" and self.name_en:
            return self.name_en
        if locale == "ko" and self.name_ko:
            return self.name_ko
        return self.name
