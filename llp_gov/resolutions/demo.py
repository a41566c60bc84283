"""The demo's governance story: the agreement's voting terms, a partner admitted lawfully after
the effective date (registered as pending → admission resolution adopted → contribution fully
paid → active, LLP Act 24, 3(1)), an amendment of the agreement by resolution applied on adoption
(a new office, Act 5, 4(3)), and one open resolution with a few votes already cast."""

from __future__ import annotations

import datetime as dt

from llp_gov.auth import services as auth_services
from llp_gov.db import utcnow
from llp_gov.ledger import capital
from llp_gov.orgs import services as org_services
from llp_gov.partners import services as partner_services
from llp_gov.partners.identifiers import corporate_number_check_digit
from llp_gov.resolutions import services

REPRESENTATIVE = "中村 彩"
NEW_PARTNER = {
    "kind": "corporate",
    "name": "株式会社響灘データラボ",
    "name_kana": "カブシキガイシャヒビキナダデータラボ",
    "name_en": "Hibikinada Data Lab Co., Ltd.",
    "name_ko": "주식회사 히비키나다 데이터랩",
    "address": "福岡県北九州市若松区ひびきの2番1号",
    "country": "JP",
    "is_domestic": True,
    "representative_name": REPRESENTATIVE,
    "executing_person": "中村 彩",
    "execution_role": "データ分析基盤の受託開発",
}
NEW_OFFICE = "福岡県北九州市小倉北区浅野三丁目8番1号 AIMビル7階"


def _adopt_by_all(klic, resolution) -> None:
    """Every entitled partner's designated representative votes for it (it closes adopted)."""
    for row in list(resolution.votes):
        if resolution.status != "open":
            break
        services.cast_vote(
            actor=row.partner.representative_user,
            organisation=klic,
            resolution=resolution,
            vote="for",
        )


def _admission(ctx) -> None:
    klic, users = ctx["klic"], ctx["users"]
    user = auth_services.get_by_email("rep13@klic.example")
    if user is None:
        user = auth_services.create_user(
            actor=None,
            email="rep13@klic.example",
            name=REPRESENTATIVE,
            password=ctx["password"],
        )
    org_services.set_membership(actor=None, organisation=klic, user=user, role="member")
    number = f"{corporate_number_check_digit('290001012345')}290001012345"
    partner = partner_services.create_partner(
        actor=users["admin"],
        organisation=klic,
        corporate_number=number,
        invoice_number=f"T{number}",
        representative_user_id=user.id,
        **NEW_PARTNER,
    )  # pending: the agreement took effect on 2024-04-01 (Act 24)
    resolution = services.open_resolution(
        actor=users["chairman"],
        organisation=klic,
        matter="admission",
        title=f"{partner.name}の加入",
        text="データ分析基盤の受託開発を担う組合員として加入を承認する（出資 金1,000,000円）。",
        deadline=utcnow() + dt.timedelta(days=14),
        subject_partner_id=partner.id,
    )
    _adopt_by_all(klic, resolution)  # adopted; waiting for the contribution
    capital.record_contribution(
        actor=users["accountant"],
        organisation=klic,
        partner=partner,
        kind="money",
        agreed_amount=1_000_000,
        received_amount=1_000_000,
        received_on=org_services.today_in(klic),
    )
    services.close_due()  # the contribution arrived: the admission takes effect (active)


def _amendment(ctx) -> None:
    klic, users = ctx["klic"], ctx["users"]
    resolution = services.open_resolution(
        actor=users["chairman"],
        organisation=klic,
        matter="amendment",
        title="組合契約の変更（事務所の移転）",
        text="組合契約第3条（事務所）を変更し、事務所をAIMビル7階に移転する。",
        deadline=utcnow() + dt.timedelta(days=14),
        payload={"changes": {"office_address": NEW_OFFICE}},
    )
    _adopt_by_all(klic, resolution)  # applied on adoption (org:amend)


def load(ctx) -> None:
    klic, users = ctx["klic"], ctx["users"]
    services.set_rules(
        actor=users["chairman"],
        organisation=klic,
        rules_by_matter={
            "business": "majority",
            "important_property": "two_thirds",
            "large_borrowing": "two_thirds",
        },
        terms={
            "chairman_approves_projects": True,
            "delegation_clause": (
                "組合契約第15条第2項: 組合員は、共同事業の受託及び実施の承認を理事長に委任する。"
                "ただし、重要な財産の処分及び譲受け、多額の借財、組合契約の変更、組合員の加入及び除名は"
                "総組合員で決する。"
            ),
        },
    )
    _admission(ctx)
    _amendment(ctx)
    resolution = services.open_resolution(
        actor=users["chairman"],
        organisation=klic,
        matter="business",
        title="2027年度 事業計画及び収支予算の承認",
        text="2027年度の事業計画(地域情報システム受託、日韓サイバー展示会、人材育成研修)及び収支予算を承認する。",
        deadline=utcnow() + dt.timedelta(days=14),
    )
    for user in (users["chairman"], users["accountant"]):
        services.cast_vote(actor=user, organisation=klic, resolution=resolution, vote="for")
