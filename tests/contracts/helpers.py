"""Builders for contract tests."""

from __future__ import annotations

import datetime as dt

from llp_gov.extensions import db
from tests import factories as f


def city_and_league(world):
    """A Japanese city and a Korean league in the directory, and Korean/English names on the org."""
    city = f.CounterpartyFactory(
        organisation_id=world.org.id,
        name="北九州市",
        name_en="City of Kitakyushu",
        name_ko="기타큐슈시",
        address="福岡県北九州市小倉北区城内1番1号",
    )
    seoul = f.CounterpartyFactory(
        organisation_id=world.org.id,
        name="ソウル地域連合",
        name_en="Seoul Regional League",
        name_ko="서울지역연합",
        address="서울특별시 중구 세종대로 110",
        country="KR",
    )
    world.org.name_ko = "테스트유한책임사업조합"
    db.session.flush()
    return city, seoul


def commission_data(world, city, **overrides) -> dict:
    data = {
        "title": "観光案内システム運用業務",
        "contract_type": "commission",
        "language": "ja+en",
        "amount_excl_tax": 48_600_000,
        "tax_treatment": "export_exempt",
        "start_date": dt.date(2026, 12, 1),
        "end_date": dt.date(2027, 11, 30),
        "signing_date": dt.date(2026, 11, 23),
        "governing_law": None,
        "court": "福岡地方裁判所小倉支部",
        "parties": [
            {
                "kind": "counterparty",
                "counterparty_id": city.id,
                "representative_title": "市長",
                "representative_name": "武内 和久",
            },
            {
                "kind": "organisation",
                "representative_title": "理事長",
                "representative_name": "山田 太郎",
            },
        ],
        "clauses": [
            {
                "title": {"ja": "委託業務", "en": "Services"},
                "body": {
                    "ja": "甲は乙に対し、観光案内システムの運用業務を委託する。",
                    "en": "Party A commissions Party B to operate the tourist information system.",
                },
            },
        ],
        "milestones": [
            {"due_date": "2027-03-31", "amount": 24_300_000, "description": "前期"},
            {"due_date": "2027-11-30", "amount": 24_300_000, "description": "後期"},
        ],
    }
    data.update(overrides)
    return data


def signed_copy_pdf() -> bytes:
    """A small valid PDF standing in for the scanned, signed and sealed contract."""
    import io

    import pypdfium2

    doc = pypdfium2.PdfDocument.new()
    doc.new_page(595, 842)
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    return buf.getvalue()
