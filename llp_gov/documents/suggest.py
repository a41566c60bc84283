"""Suggested details read from a document's text: offered on the form, never applied silently.

Transaction date (西暦 and 和暦 dates, Korean 년월일, ISO), amount (the total near 合計 / 請求金額 /
합계 / Total, in yen), the qualified-invoice registration number (T + 13 digits with the
corporate-number check digit, 消費税法 57条の4), and the counterparty of the organisation's
directory whose registration number or name the text contains.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass

from sqlalchemy import select

from llp_gov.auth import policy
from llp_gov.counterparties.models import Counterparty
from llp_gov.db import db
from llp_gov.partners.identifiers import is_valid_invoice_number

ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_DATE_PATTERNS = (
    re.compile(
        r"(?P<era>令和|平成|昭和)\s*(?P<y>\d{1,2}|元)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    ),
    re.compile(
        r"(?P<y>(?:19|20)\d{2})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]"
    ),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[/.\-](?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})(?!\d)"),
)
_DATE_KEYS = re.compile(
    r"(発行日|請求日|契約日|締結日|取引日|納品日|日付|作成日|발행일|작성일|계약일|Date)"
)
_AMOUNT = re.compile(
    r"(?:[¥￥]\s*(?P<a>\d{1,3}(?:,\d{3})+|\d+)|(?P<b>\d{1,3}(?:,\d{3})+|\d+)\s*円)"
)
_AMOUNT_KEYS = re.compile(
    r"(合計|総額|請求金額|ご請求額|お支払金額|税込|契約金額|見積金額|금액|합계|총액|Total|TOTAL|Amount)"
)
_T_NUMBER = re.compile(r"T[\s\-]?((?:\d[\s\-]?){12}\d)(?!\d)")


@dataclass
class Suggestions:
    transaction_date: dt.date | None = None
    amount: int | None = None
    invoice_number: str | None = None
    counterparty_id: int | None = None
    counterparty_name: str | None = None

    def as_dict(self) -> dict:
        d = asdict(self)
        if self.transaction_date:
            d["transaction_date"] = self.transaction_date.isoformat()
        return d

    def __bool__(self) -> bool:
        return any(v is not None for v in asdict(self).values())


def _dates(text: str) -> list[tuple[int, dt.date]]:
    found = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            year = m.group("y")
            if "era" in pattern.groupindex:
                year = ERAS[m.group("era")] + (1 if year == "元" else int(year))
            try:
                found.append((m.start(), dt.date(int(year), int(m.group("m")), int(m.group("d")))))
            except ValueError:
                continue
    return sorted(found)


def suggest_date(text: str) -> dt.date | None:
    """The date after a date label (発行日, 契約日, 작성일, Date ...), else the first date."""
    dates = _dates(text)
    if not dates:
        return None
    for key in _DATE_KEYS.finditer(text):
        after = [d for pos, d in dates if 0 <= pos - key.end() <= 40]
        if after:
            return after[0]
    return dates[0][1]


def suggest_amount(text: str) -> int | None:
    """The largest yen amount within a line of a total label, else the largest yen amount."""
    amounts = []
    for m in _AMOUNT.finditer(text):
        value = int((m.group("a") or m.group("b")).replace(",", ""))
        line_start = text.rfind("\n", 0, m.start()) + 1
        labelled = bool(_AMOUNT_KEYS.search(text[max(line_start, m.start() - 30) : m.start()]))
        amounts.append((labelled, value))
    if not amounts:
        return None
    return max(amounts)[1]


def suggest_invoice_number(text: str) -> str | None:
    """The first qualified-invoice registration number in `text` whose check digit is valid,
    as "T" + 13 ASCII digits (full-width digits and hyphens normalised), else None. Format:
    NTA, 適格請求書発行事業者登録番号 (法人番号 with T; check digit per 法人番号の指定等に関する省令 2条)."""
    for m in _T_NUMBER.finditer(text):
        number = "T" + re.sub(r"\D", "", m.group(1))
        if is_valid_invoice_number(number):
            return number
    return None


def suggest_upload(*, actor, organisation, data: bytes, filename: str) -> Suggestions:
    """Suggestions for a file about to be uploaded (nothing is stored): the file is checked and
    read as at upload (ValidationError on `file`, TooLarge), then its text is read for details."""
    from llp_gov.documents import services  # noqa: PLC0415  services imports this module's users

    policy.require(actor, organisation, "document:upload")
    _kind, result, _name = services._prepare_file(data, filename, organisation)
    return suggest(result.text or "", organisation=organisation)


def suggest(text: str, *, organisation) -> Suggestions:
    """Suggestions for a document of `organisation` from its extracted `text` (any language)."""
    text = unicodedata.normalize("NFKC", text or "")
    out = Suggestions(
        transaction_date=suggest_date(text),
        amount=suggest_amount(text),
        invoice_number=suggest_invoice_number(text),
    )
    directory = db.session.scalars(
        select(Counterparty).where(Counterparty.organisation_id == organisation.id)
    ).all()
    match = None
    if out.invoice_number:
        match = next((c for c in directory if c.invoice_number == out.invoice_number), None)
    if match is None:
        best = 0
        for c in directory:
            for name in (c.name, c.name_en, c.name_ko, c.name_kana):
                name = unicodedata.normalize("NFKC", name or "").strip()
                if len(name) >= 2 and name in text and len(name) > best:
                    match, best = c, len(name)
    if match is not None:
        out.counterparty_id, out.counterparty_name = match.id, match.name
    return out
