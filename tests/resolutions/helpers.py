"""Opening resolutions and voting in tests."""

import datetime as dt

from llp_gov.db import utcnow
from llp_gov.extensions import db
from llp_gov.orgs import services as org_services
from llp_gov.resolutions import services


def rep(world, i):
    """The designated representative of partner i (conftest: chairman, member, accountant, rep04..)."""
    return world.user(("chairman", "member", "accountant")[i] if i < 3 else f"rep{i + 1:02d}")


def set_rule(world, matter, rule):
    services.set_rules(
        actor=world.user("chairman"), organisation=world.org, rules_by_matter={matter: rule}
    )
    db.session.commit()


def open_(world, matter="business", days=7, **kw):
    resolution = services.open_resolution(
        actor=world.user("chairman"),
        organisation=world.org,
        matter=matter,
        title=kw.pop("title", "決議"),
        deadline=utcnow() + dt.timedelta(days=days),
        **kw,
    )
    db.session.commit()
    return resolution


def vote(world, resolution, indices, value="for"):
    for i in indices:
        services.cast_vote(
            actor=rep(world, i), organisation=world.org, resolution=resolution, vote=value
        )
    db.session.commit()


def settings_of(world):
    return dict(org_services.get_by_slug(world.org.slug).settings)


def adopt(world, matter="business", **kw):
    """Open a resolution and have every entitled partner vote for it: adopted."""
    resolution = open_(world, matter, **kw)
    entitled = {v.partner_id for v in resolution.votes}
    vote(world, resolution, [i for i, p in enumerate(world.partners) if p.id in entitled])
    assert resolution.status == "adopted", resolution.status
    return resolution
