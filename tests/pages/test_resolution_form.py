"""The resolution form opens a resolution decided in writing (書面決議) as the board portal
does: every entitled partner must consent, whatever the matter's own rule."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from llp_gov.extensions import db
from llp_gov.resolutions.models import Resolution


def _open(client, slug: str, **extra) -> Resolution:
    data = {
        "matter": "business",
        "title": "Annual plan",
        "text": "The plan is approved.",
        "deadline": f"{dt.datetime.now() + dt.timedelta(days=10):%Y-%m-%dT%H:%M}",
    } | extra
    resp = client.post(f"/o/{slug}/resolutions/new", data=data)
    assert resp.status_code == 302, re.findall(
        r'(?:alert|error)">([^<]+)', resp.get_data(as_text=True)
    )
    rid = int(re.search(r"/resolutions/(\d+)$", resp.headers["Location"]).group(1))
    return db.session.scalars(select(Resolution).where(Resolution.id == rid)).one()


def test_the_form_offers_and_opens_a_resolution_in_writing(client, world, login_as):
    login_as(world.user("chairman"))
    html = client.get(f"/o/{world.org.slug}/resolutions/new").get_data(as_text=True)
    assert 'name="in_writing"' in html
    written = _open(client, world.org.slug, in_writing="y")
    assert (written.rule, written.rule_basis) == ("unanimous", "in_writing")
    meeting = _open(client, world.org.slug)
    assert meeting.rule_basis != "in_writing"  # unticked: the matter's own rule
