"""One open resolution, with a few votes already cast."""

from __future__ import annotations

import datetime as dt

from llp_gov.db import utcnow
from llp_gov.resolutions import services


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
