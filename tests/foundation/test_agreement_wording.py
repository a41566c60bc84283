"""Issue 10 item 13: the 組合契約書 concludes a 契約 under the Act (Art. 3(1) nature), names
its parties as 組合員, ties the effective date to full payment and prints the clauses the system
enforces; where the LLP is a party it signs as 組合員 X 職務執行者 Y (no 代表者)."""

from __future__ import annotations

import datetime as dt

import pytest

from llp_gov.contracts import articles, wording
from llp_gov.contracts import services as contracts
from llp_gov.contracts.agreement import generate_partnership_agreement
from llp_gov.contracts.agreement_text import agreement_articles
from llp_gov.ledger.services import record_contribution


def _agreement(world):
    for p in world.partners:
        p.execution_role = "受託開発"
        record_contribution(
            actor=world.user("accountant"),
            organisation=world.org,
            partner=p,
            kind="money",
            agreed_amount=1_000_000,
            received_amount=1_000_000,
            received_on=dt.date(2025, 4, 1),
        )
    world.org.settings = {
        **world.org.settings,
        "chairman_approves_projects": True,
        "delegation_clause": "第15条第2項の個別案件",
    }
    return generate_partnership_agreement(actor=world.user("chairman"), organisation=world.org)


def test_preamble_concludes_a_contract_under_the_act_with_partners_named(world):
    contract = _agreement(world)
    text = articles.preamble(contract, "ja")
    assert "平成十七年法律第四十号" in text and "第三条第一項" in text
    assert "有限責任事業組合契約（以下「本契約」という。）を締結する" in text
    assert "契約書（以下" not in text and "甲" not in text
    assert f"組合員　{world.partners[11].name}" in text
    labels = [wording.party_label(contract, p, "ja") for p in contract.parties]
    assert labels[10] == f"組合員{world.partners[10].name}"
    assert not any(label.startswith("当事者") for label in labels)


def test_agreement_prints_the_enforced_clauses_and_effective_date_on_full_payment(world):
    contract = _agreement(world)
    body = "\n".join(f"{h}\n{t}" for h, t in agreement_articles(contract, "ja"))
    assert "全ての組合員がその出資に係る払込み又は給付の全部を履行した日" in body
    assert "法第十二条第一項ただし書" in body and "第15条第2項の個別案件" in body
    assert "総組合員の三分の二以上の同意" in body  # the statutory floor of important property
    assert "業務執行の分担" in body and "受託開発" in body
    assert "損益分配の割合" in body and "法第三十三条" in body
    assert "やむを得ない場合を除き" in body and "正当な事由" in body


def test_other_contracts_conclude_a_contract_not_a_document(world):
    contract = _agreement(world)
    contract.contract_type = "commission"
    assert "業務委託契約（以下「本契約」という。）" in articles.preamble(contract, "ja")


def test_the_llp_signs_through_its_executing_partner(world):
    chairman_partner = world.partners[0]
    chairman_partner.kind, chairman_partner.executing_person = "corporate", "山本 健一"
    party = contracts._resolve_parties(world.org, [{"kind": "organisation"}], {})[0]
    assert party.name == world.org.name
    assert party.representative_title == f"組合員 {chairman_partner.name} 職務執行者"
    assert party.representative_name == "山本 健一"
    assert "理事長" not in party.representative_title


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            (
                "every partner has paid or delivered the whole of its contribution (Act Art. 3(1))",
                "proviso to Article 12(1)",
                "第15条第2項の個別案件",
                "at least two thirds of all partners",
                "Sharing the execution of the business",
                "受託開発",
                "Act Art. 33",
                "only for an unavoidable reason",
                "just cause",
                "person executing duties: 山本 健一",
            ),
        ),
        (
            "ko",
            (
                "모든 조합원이 그 출자에 관한 납입 또는 급부의 전부를 이행한 날",
                "법 제12조 제1항 단서",
                "第15条第2項の個別案件",
                "조합원 전원의 3분의 2 이상의 동의",
                "업무집행의 분담",
                "受託開発",
                "법 제33조",
                "부득이한 경우",
                "정당한 사유",
                "직무집행자 山本 健一",
            ),
        ),
        ("ja", ("職務執行者　山本 健一", "法第十二条第一項ただし書", "法第二十七条")),
    ],
)
def test_agreement_clauses_in_every_language(world, lang, expected):
    """Issue 10 gap 1: the enforced clauses and the effective date tied to full payment are in
    the English and Korean agreements too, with the parties as partners and a corporate
    partner's executing person."""
    world.partners[0].kind, world.partners[0].executing_person = "corporate", "山本 健一"
    contract = _agreement(world)
    body = "\n".join(f"{h}\n{t}" for h, t in agreement_articles(contract, lang))
    for text in expected:
        assert text in body, text
    # The same articles in every language (a bilingual print pairs them one by one).
    assert len(agreement_articles(contract, lang)) == len(agreement_articles(contract, "ja"))
    assert articles.preamble(contract, lang).count(wording.PARTNER_LABEL[lang]) >= 12
