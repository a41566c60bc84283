"""The partner register (組合員名簿)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from llp_gov.db import BigIntPK, Model, UTCDateTime, utcnow

if TYPE_CHECKING:
    from llp_gov.auth.models import User
    from llp_gov.orgs.models import Organisation


KINDS = ("corporate", "individual")
STATUSES = ("active", "pending", "withdrawn", "expelled")


# The standard titles of a company's representative, one row per office: 代表取締役 (Companies
# Act art. 349(3)) is 대표이사 (Korean Commercial Act art. 389) and "Representative Director"
# (Japanese Law Translation, japaneselawtranslation.go.jp, Companies Act art. 47).
REPRESENTATIVE_TITLES: tuple[dict[str, str], ...] = (
    {"ja": "代表取締役", "ko": "대표이사", "en": "Representative Director"},
    {"ja": "代表執行役", "ko": "대표집행임원", "en": "Representative Executive Officer"},
)


class Partner(Model):
    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    name_kana: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    name_ko: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(400))
    country: Mapped[str] = mapped_column(String(2), default="JP")
    is_domestic: Mapped[bool] = mapped_column(default=True)
    representative_name: Mapped[str | None] = mapped_column(String(200))
    executing_person: Mapped[str | None] = mapped_column(String(200))  # 職務執行者
    corporate_number: Mapped[str | None] = mapped_column(String(13))  # 法人番号
    kr_business_number: Mapped[str | None] = mapped_column(String(12))  # 사업자등록번호
    invoice_number: Mapped[str | None] = mapped_column(String(14))  # 適格請求書発行事業者
    admitted_on: Mapped[dt.date | None]
    withdrawn_on: Mapped[dt.date | None]
    withdrawal_reason: Mapped[str | None] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(16), default="active")
    # Its part in executing the business (Act 13: every partner takes part).
    execution_role: Mapped[str | None] = mapped_column(String(400))
    representative_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    position: Mapped[int] = mapped_column(default=0)  # register order; breaks ties
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship("Organisation")
    representative_user: Mapped[User | None] = relationship("User")

    @property
    def is_active(self) -> bool:
        return self.status == "active"

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

    def representative_display(self, locale: str | None = None) -> str:
        """The representative as entered ("代表取締役 山本 健一"), its leading title put in the
        reader's language when it is one of REPRESENTATIVE_TITLES (the person's name stays as
        entered: names are not translated). Pages only; PDFs and the API keep the entry."""
        entry = (self.representative_name or "").strip()
        for titles in REPRESENTATIVE_TITLES:
            for title in titles.values():
                rest = entry[len(title) :]
                if entry.startswith(title) and (not rest or rest[0].isspace()):
                    return titles.get(locale or "", title) + rest
        return entry
