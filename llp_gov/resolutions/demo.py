"""One open resolution, with a few votes already cast."""

from __future__ import annotations

import datetime as dt

from llp_gov.db import utcnow
from llp_gov.resolutions import services


def load(ctx) -> None:
    klic, users = ctx["klic"], ctx["users"]
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
