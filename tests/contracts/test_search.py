"""The approved contract's PDF, stored as a document version, is found by its parties' names."""

from __future__ import annotations

import pytest

from llp_gov.contracts import lifecycle, services
from llp_gov.contracts.printing import render_contract_pdf
from llp_gov.documents import search_service as search
from llp_gov.errors import NotFound
from llp_gov.extensions import db
from llp_gov.search.query import Filters
from tests.contracts.helpers import city_and_league, commission_data
from tests.contracts.test_pdf import _mou
from tests.pdf.checks import assert_only_packaged_fonts, no_weasyprint_warnings, text_of


def _find(actor, organisation, q):
    _results, rows = search.search_documents(
        actor=actor, organisation=organisation, filters=Filters(q=q)
    )
    return [row.document.id for row in rows]


def _approve(world, contract):
    lifecycle.submit_for_review(
        actor=world.user("member"), organisation=world.org, contract=contract
    )
    lifecycle.approve(actor=world.user("chairman"), organisation=world.org, contract=contract)
    db.session.commit()  # the after-commit hook drains the search outbox into the index


def test_a_partys_japanese_and_korean_names_find_the_approved_contract(world):
    city, _ = city_and_league(world)
    contract = services.create_contract(
        actor=world.user("member"), organisation=world.org, **commission_data(world, city)
    )
    _approve(world, contract)
    assert len(contract.document.versions) == 2  # submitted draft, then the approved copy
    member = world.user("member")
    # 北九州市 is printed in the ja+en PDF; 기타큐슈시 is the counterparty's Korean name.
    for name in ("北九州市", "기타큐슈시", "City of Kitakyushu", "武内 和久"):
        assert _find(member, world.org, name) == [contract.document_id], name
    assert _find(member, world.org, "서울지역연합") == []  # a party of no contract


def test_the_korean_text_of_a_japanese_korean_mou_is_searchable(world):
    _, seoul = city_and_league(world)
    contract = _mou(world, seoul, "ja+ko")
    _approve(world, contract)
    member = world.user("member")
    for q in ("ソウル地域連合", "서울지역연합", "김민수", "관광 인재 교류"):
        assert _find(member, world.org, q) == [contract.document_id], q


def test_another_organisation_finds_nothing(world):
    city, _ = city_and_league(world)
    contract = services.create_contract(
        actor=world.user("member"), organisation=world.org, **commission_data(world, city)
    )
    _approve(world, contract)
    outsider = world.other_users["chairman"]
    for name in ("北九州市", "기타큐슈시"):
        assert _find(outsider, world.other_org, name) == []
    with pytest.raises(NotFound):
        _find(outsider, world.org, "北九州市")


def test_a_korean_partys_korean_name_finds_a_contract_without_korean(world):
    partner = world.partners[1]
    partner.name, partner.name_ko, partner.country = "ソウル観光株式会社", "서울관광주식회사", "KR"
    partner.name_en = "Seoul Tourism Co., Ltd."
    contract = services.create_contract(
        actor=world.user("member"),
        organisation=world.org,
        title="秘密保持契約",
        contract_type="nda",
        language="ja+en",
        tax_treatment="out_of_scope",
        parties=[{"kind": "organisation"}, {"kind": "partner", "partner_id": partner.id}],
        clauses=[
            {
                "title": {"ja": "目的", "en": "Purpose"},
                "body": {"ja": "秘密を守る。", "en": "Keep secrets."},
            }
        ],
    )
    _approve(world, contract)
    member = world.user("member")
    for q in ("ソウル観光株式会社", "서울관광주식회사"):
        assert _find(member, world.org, q) == [contract.document_id], q
    with no_weasyprint_warnings():  # the Korean name is set in a Korean face: no .notdef
        pdf = render_contract_pdf(contract, world.org)
    assert "서울관광주식회사" in text_of(pdf)
    assert_only_packaged_fonts(pdf)
