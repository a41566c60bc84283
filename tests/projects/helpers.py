"""Shared setup for project tests."""

from llp_gov.extensions import db
from llp_gov.projects import services


def shares(world, *pairs):
    """[(partner index, share), ...] -> participants, the first one the lead."""
    return [
        {
            "partner_id": world.partners[i].id,
            "role": "lead" if n == 0 else "member",
            "share_percent": s,
        }
        for n, (i, s) in enumerate(pairs)
    ]


def make_project(world, actor=None, **overrides):
    """A regional commission led by the member's company (partner 1) with partner 3."""
    data = {
        "title": "北九州市 地域情報システム受託",
        "kind": "regional_system",
        "value": 12_000_000,
        "currency": "JPY",
        "participants": shares(world, (1, 60), (3, 40)),
    } | overrides
    project = services.create_project(
        actor=actor or world.user("member"), organisation=world.org, **data
    )
    db.session.commit()
    return project
