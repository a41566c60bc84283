"""A resolution's page shows what it proposes before the vote (amendment items with their current
and proposed values, the partner admitted and its contribution, the partner expelled and the
cause, the ratios) and what its adoption did afterwards, in the reader's language."""

from __future__ import annotations

import re

from llp_gov.extensions import db
from llp_gov.ledger import capital
from llp_gov.orgs.models import Organisation
from llp_gov.partners import services as partner_services
from tests.resolutions.helpers import open_, vote

NEW_OFFICE = "福岡県北九州市小倉北区2-2"


def _page(client, login_as, world, user, rid, locale):
    user.locale = locale
    db.session.commit()
    login_as(user)
    page = client.get(f"/o/{world.org.slug}/resolutions/{rid}", follow_redirects=True)
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section class="panel" id="{section_id}">(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


def test_an_amendment_with_a_blank_text_shows_the_current_and_new_office(client, world, login_as):
    old_office = world.org.office_address
    r = open_(world, "amendment", text="", payload={"changes": {"office_address": NEW_OFFICE}})
    html = _page(client, login_as, world, world.user("member"), r.id, "ja")
    proposed = _section(html, "particulars")
    assert "主たる事務所" in proposed
    assert NEW_OFFICE in proposed and old_office in proposed

    assert r.payload["current"] == {"changes": {"office_address": old_office}}
    vote(world, r, range(12))
    assert r.status == "adopted"
    assert db.session.get(Organisation, world.org.id).office_address == NEW_OFFICE
    html = _page(client, login_as, world, world.user("member"), r.id, "ko")
    # After adoption the proposal still shows what the office was, and the effects say it applied.
    assert old_office in _section(html, "particulars") and NEW_OFFICE in html
    effects = _section(html, "effects")
    assert "적용" in effects, effects


def test_an_amendment_of_a_partner_and_its_contribution_is_spelled_out(client, world, login_as):
    partner = world.partners[5]
    agreed = (capital.contributions_by_partner(world.org).get(partner.id) or {}).get("agreed", 0)
    r = open_(
        world,
        "amendment",
        payload={
            "partners": {str(partner.id): {"address": "大阪府大阪市北区1-1"}},
            "contributions": {str(partner.id): agreed + 500_000},
        },
    )
    html = _section(_page(client, login_as, world, world.user("member"), r.id, "en"), "particulars")
    assert f"{partner.display_name('en')}: Address" in html and "大阪府大阪市北区1-1" in html
    assert f"{partner.display_name('en')}: contribution" in html
    assert f"{agreed + 500_000:,}" in html and f"{agreed:,}" in html


def test_admission_and_expulsion_name_the_partner_contribution_and_cause(client, world, login_as):
    newcomer = partner_services.create_partner(
        actor=world.user("admin"),
        organisation=world.org,
        name="株式会社新規加入",
        kind="corporate",
        executing_person="新規 太郎",
        status="pending",
    )
    db.session.commit()
    admission = open_(world, "admission", subject_partner_id=newcomer.id)
    expulsion = open_(
        world,
        "expulsion",
        subject_partner_id=world.partners[11].id,
        text="出資の履行を怠った。",
    )
    member = world.user("member")
    html = _section(_page(client, login_as, world, member, admission.id, "ja"), "particulars")
    assert "加入する組合員" in html and "株式会社新規加入" in html and "出資" in html
    html = _section(_page(client, login_as, world, member, expulsion.id, "ja"), "particulars")
    assert world.partners[11].name in html and "出資の履行を怠った。" in html


def test_a_ratio_resolution_shows_each_ratio(client, world, login_as):
    ratios = {str(p.id): (20 if i == 0 else 0) for i, p in enumerate(world.partners)}
    ratios[str(world.partners[1].id)] = 80
    r = open_(
        world,
        "profit_loss_ratio",
        payload={"ratios": ratios, "reason": "技術の寄与", "starts_on": "2026-04-01"},
    )
    html = _section(_page(client, login_as, world, world.user("member"), r.id, "en"), "particulars")
    assert "80 %" in html and "20 %" in html and "技術の寄与" in html


def test_the_form_names_partner_statuses_in_the_readers_language(client, world, login_as):
    partner_services.create_partner(
        actor=world.user("admin"),
        organisation=world.org,
        name="株式会社新規加入",
        kind="corporate",
        executing_person="新規 太郎",
        status="pending",
    )
    chairman = world.user("chairman")
    chairman.locale = "ko"
    db.session.commit()
    login_as(chairman)
    html = client.get(f"/o/{world.org.slug}/resolutions/new").get_data(as_text=True)
    assert "(pending)" not in html and "(active)" not in html
    assert "株式会社新規加入 (가입 절차 중)" in html
