"""Contract PDFs in every language and layout: text, fonts, validity, archive and determinism."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pytest

from llp_gov.contracts import lifecycle, services
from llp_gov.contracts.printing import render_contract_pdf
from llp_gov.documents import storage
from tests.contracts.helpers import city_and_league, commission_data
from tests.pdf.checks import (
    assert_only_packaged_fonts,
    assert_qpdf_ok,
    no_weasyprint_warnings,
    text_of,
)


def _mou(world, seoul, language):
    clauses = [
        {
            "title": {"ja": "目的", "ko": "목적", "en": "Purpose"},
            "body": {
                "ja": "両者は観光人材の交流について協力する。",
                "ko": "양측은 관광 인재 교류에 협력한다.",
                "en": "The parties cooperate on exchanges of tourism staff.",
            },
        }
    ]
    return services.create_contract(
        actor=world.user("member"),
        organisation=world.org,
        title="観光人材交流に関する覚書",
        contract_type="mou",
        language=language,
        tax_treatment="out_of_scope",
        date_style="western",
        parties=[
            {
                "kind": "organisation",
                "representative_title": "理事長",
                "representative_name": "山田 太郎",
            },
            {
                "kind": "counterparty",
                "counterparty_id": seoul.id,
                "representative_title": "회장",
                "representative_name": "김민수",
            },
        ],
        clauses=clauses,
    )


def test_bilingual_commission_contract(world):
    city, _ = city_and_league(world)
    contract = services.create_contract(
        actor=world.user("member"), organisation=world.org, **commission_data(world, city)
    )
    with no_weasyprint_warnings():
        pdf = render_contract_pdf(contract, world.org)
    text = text_of(pdf)
    for expected in (
        "業務委託契約書",
        "ServiceCommissionAgreement",
        "北九州市",
        "CityofKitakyushu",
        world.org.name,
        "金四千八百六十万円",
        "令和8年11月23日",
        "23November2026",
        contract.number,
        "1/",
        "（以下「甲」という。）",
        '("PartyA")',
        "記名押印",
        "武内和久",
        "48,600,000円",
        "JPY48,600,000",
        "輸出免税",
    ):
        assert expected in text, expected
    assert_only_packaged_fonts(pdf)
    assert_qpdf_ok(pdf)
    assert render_contract_pdf(contract, world.org) == pdf  # deterministic


@pytest.mark.parametrize("language", ["ja+ko", "ko", "en", "ja"])
def test_mou_with_the_seoul_league_in_each_language(world, language):
    _, seoul = city_and_league(world)
    contract = _mou(world, seoul, language)
    with no_weasyprint_warnings():
        pdf = render_contract_pdf(contract, world.org)
    text = text_of(pdf)
    if "ko" in language:
        assert "서울지역연합" in text and "양해각서" in text and "김민수" in text
        assert "양측은관광인재교류에협력한다." in text
    if "ja" in language:
        assert "ソウル地域連合" in text and "覚書" in text
    if language == "en":
        assert "SeoulRegionalLeague" in text and "MemorandumofUnderstanding" in text
        assert "Test" in text  # the organisation's English name
    assert_only_packaged_fonts(pdf)
    assert_qpdf_ok(pdf)


def test_archived_pdf_is_a_document_version_with_the_data_attached(world):
    city, _ = city_and_league(world)
    member, chairman = world.user("member"), world.user("chairman")
    contract = services.create_contract(
        actor=member, organisation=world.org, **commission_data(world, city)
    )
    lifecycle.submit_for_review(actor=member, organisation=world.org, contract=contract)
    document = contract.document
    assert document.doc_type == "contract"
    assert document.counterparty_id == city.id and document.amount == 48_600_000
    assert [v.number for v in document.versions] == [1]
    lifecycle.approve(actor=chairman, organisation=world.org, contract=contract)
    assert [v.number for v in document.versions] == [1, 2]  # the draft mark is gone: a new version
    pdf = render_contract_pdf(contract, world.org)
    assert storage.read(document.versions[-1].sha256) == pdf
    assert "草案" not in text_of(pdf)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdfdetach", "-saveall", "-o", tmp, str(path)], check=True)
        data = json.loads((Path(tmp) / "contract.json").read_text())
    assert data["number"] == contract.number
    assert data["amount_incl_tax"] == 48_600_000
    assert data["parties"][0]["name_ko"] == "기타큐슈시"
    assert "北九州市" in (document.versions[-1].extracted_text or "")
