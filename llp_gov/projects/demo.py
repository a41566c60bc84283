"""Demo projects in several states; one regional commission waits for the chairman."""

from __future__ import annotations

import datetime as dt

from llp_gov.counterparties import services as counterparties
from llp_gov.projects import services, workflow


def _client(ctx, name: str):
    return counterparties.match_or_create(
        actor=ctx["users"]["chairman"], organisation=ctx["klic"], name=name
    )


def load(ctx) -> None:
    klic, users, partners = ctx["klic"], ctx["users"], ctx["klic_partners"]
    member, chairman = users["member"], users["chairman"]
    city = _client(ctx, "北九州市")
    seoul = _client(ctx, "ソウル国際IT協力組合")

    def step(project, actor, action, comment=""):
        workflow.transition(
            actor=actor, organisation=klic, project=project, action=action, comment=comment
        )

    # Proposed by the member (門司港ソフトウェア leads): waits for the chairman's decision.
    waiting = services.create_project(
        actor=member,
        organisation=klic,
        title="北九州市 地域防災情報システム構築業務",
        kind="regional_system",
        client_id=city.id,
        description="市内7区の避難所情報と河川水位を一元表示する防災ポータルを共同で受託する。",
        value=48_000_000,
        currency="JPY",
        starts_on=dt.date(2027, 4, 1),
        ends_on=dt.date(2028, 3, 31),
        participants=[
            {"partner_id": partners[1].id, "role": "lead", "share_percent": 50},
            {"partner_id": partners[3].id, "role": "member", "share_percent": 30},
            {"partner_id": partners[8].id, "role": "member", "share_percent": 20},
        ],
        milestones=[
            {"title": "要件定義完了", "due_on": dt.date(2027, 6, 30)},
            {"title": "試験運用開始", "due_on": dt.date(2027, 12, 1)},
            {"title": "本稼働・検収", "due_on": dt.date(2028, 3, 15)},
        ],
    )
    step(waiting, member, "submit")

    # The cyber exhibition with the Seoul league: approved and running.
    expo = services.create_project(
        actor=chairman,
        organisation=klic,
        title="日韓サイバー展示会 2027 / 한일 사이버 전시회",
        kind="trade_exhibition",
        client_id=seoul.id,
        description="ソウルの連盟と共同で、組合員の製品をオンライン展示する。",
        value=30_000_000,
        currency="KRW",
        participants=[
            {"partner_id": partners[0].id, "role": "lead", "share_percent": 40},
            {"partner_id": partners[5].id, "role": "member", "share_percent": 30},
            {"partner_id": partners[9].id, "role": "member", "share_percent": 30},
        ],
        milestones=[{"title": "出展者募集締切", "due_on": dt.date(2027, 5, 31)}],
    )
    step(expo, chairman, "submit")
    step(expo, chairman, "approve", "ソウル側の会場費負担を確認済み。")
    step(expo, chairman, "start")

    # A training programme still in draft.
    services.create_project(
        actor=member,
        organisation=klic,
        title="組合員向け クラウドセキュリティ研修",
        kind="training",
        value=1_200_000,
        participants=[
            {"partner_id": partners[1].id, "role": "lead", "share_percent": 60},
            {"partner_id": partners[2].id, "role": "member", "share_percent": 40},
        ],
    )

    # A product idea sent back for changes.
    product = services.create_project(
        actor=member,
        organisation=klic,
        title="中小製造業向け 在庫管理SaaSの共同開発",
        kind="product_development",
        value=15_000_000,
        participants=[
            {"partner_id": partners[1].id, "role": "lead", "share_percent": 70},
            {"partner_id": partners[6].id, "role": "member", "share_percent": 30},
        ],
    )
    step(product, member, "submit")
    step(product, chairman, "request_changes", "販売計画と保守体制を追記してください。")
