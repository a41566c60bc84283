"""Names in the reader's language (issue 14): the partners list and every counterparty picker
show the Korean/English name where the directory has one (the legal name under it on the list),
the kana only to a Japanese reader, and the representative's title in the reader's language."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from flask_babel import force_locale

from llp_gov.errors import ValidationError
from llp_gov.extensions import db
from llp_gov.ledger import chart
from llp_gov.orgs import services as orgs
from tests import factories as f


def _page(client, world, login_as, role: str, locale: str, path: str) -> str:
    user = world.user(role)
    user.locale = locale
    db.session.commit()
    login_as(user)
    resp = client.get(f"/o/{world.org.slug}{path}")
    assert resp.status_code == 200, resp.status_code
    return htmllib.unescape(resp.get_data(as_text=True))


@pytest.fixture
def korean_partner(world):
    partner = world.partners[0]
    partner.name_ko = "테스트 정보 주식회사"
    partner.name_kana = "テストジョウホウ"
    db.session.commit()
    return partner


def test_the_korean_partners_list_reads_korean(client, world, login_as, korean_partner):
    text = _page(client, world, login_as, "chairman", "ko", "/partners/")
    assert f">{korean_partner.name_ko}</a>" in text
    assert korean_partner.name in text  # the legal name stays, under the reader's name
    assert korean_partner.name_kana not in text
    assert "대표이사 山田 太郎" in text and "代表取締役" not in text
    assert korean_partner.name_en not in text


def test_the_japanese_partners_list_keeps_the_legal_name_and_kana(
    client, world, login_as, korean_partner
):
    text = _page(client, world, login_as, "chairman", "ja", "/partners/")
    assert f">{korean_partner.name}</a>" in text and korean_partner.name_kana in text
    assert korean_partner.name_ko not in text and korean_partner.name_en not in text
    assert "代表取締役 山田 太郎" in text


def test_a_korean_representative_title_reads_japanese_to_a_japanese_reader(client, world, login_as):
    partner = world.partners[1]
    partner.representative_name = "대표이사 김민준"
    db.session.commit()
    text = _page(client, world, login_as, "chairman", "ja", "/partners/")
    assert "代表取締役 김민준" in text and "대표이사" not in text
    text = _page(client, world, login_as, "chairman", "en", "/partners/")
    assert "Representative Director 김민준" in text


def test_an_unknown_title_is_shown_as_entered(world):
    partner = world.partners[2]
    partner.representative_name = "代表社員 山田 花子"
    assert partner.representative_display("ko") == "代表社員 山田 花子"
    partner.representative_name = None
    assert partner.representative_display("ko") == ""


PICKERS = [
    ("chairman", "/projects/new"),
    ("accountant", "/invoices"),
    ("accountant", "/ledger/journal/new"),
    ("chairman", "/contracts/new"),
]


@pytest.mark.parametrize(("role", "path"), PICKERS, ids=[p[1] for p in PICKERS])
@pytest.mark.parametrize("locale", ["ko", "en"])
def test_counterparty_pickers_read_in_the_readers_language(
    client, world, login_as, role, path, locale
):
    city = f.CounterpartyFactory(
        organisation_id=world.org.id,
        name="北九州市",
        name_en="City of Kitakyushu",
        name_ko="기타큐슈시",
    )
    db.session.commit()
    text = _page(client, world, login_as, role, locale, path)
    assert f'value="{city.id}">{city.display_name(locale)}</option>' in text
    assert city.name not in text


@pytest.mark.parametrize("locale", ["ko", "en", "ja"])
def test_a_refusal_names_the_partner_in_the_readers_language(world, korean_partner, locale):
    rep = db.session.get(type(world.user("chairman")), korean_partner.representative_user_id)
    with force_locale(locale), pytest.raises(ValidationError) as exc:
        orgs.remove_membership(actor=world.user("admin"), organisation=world.org, user=rep)
    assert korean_partner.display_name(locale) in exc.value.message


def test_the_balance_sheet_by_partner_heads_its_columns_in_the_readers_language(
    client, world, login_as, korean_partner
):
    chart.ensure_chart(world.org)
    chart.capital_account(world.org, korean_partner)  # a column per partner with an account
    db.session.commit()
    text = _page(
        client, world, login_as, "accountant", "ko", "/ledger/reports/balance-sheet?by_partner=1"
    )
    assert f'<th class="num">{korean_partner.name_ko}</th>' in text
    assert f'<th class="num">{korean_partner.name}</th>' not in text
    assert not re.search(r"\(\d{4}-\d{2}-\d{2}\)", text)  # the caption's date, ko format
