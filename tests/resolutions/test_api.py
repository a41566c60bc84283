"""Resolutions API: open, vote, read the tally and outcome."""

import datetime as dt

from llp_gov.db import utcnow
from llp_gov.extensions import db
from llp_gov.resolutions.models import Resolution
from tests.resolutions.helpers import rep


def url(world, tail=""):
    return f"/api/v1/orgs/{world.org.slug}/resolutions{tail}"


def test_open_vote_and_read(client, world, token_for):
    chairman = token_for(world.user("chairman"))
    deadline = (utcnow() + dt.timedelta(days=3)).isoformat()
    resp = client.post(
        url(world),
        json={"matter": "business", "title": "年度事業計画", "deadline": deadline},
        headers=chairman,
    )
    assert resp.status_code == 201, resp.json
    rid = resp.json["id"]
    assert resp.json["tally"] == {
        "base": 12,
        "required": 12,
        "for": 0,
        "against": 0,
        "abstain": 0,
        "missing": 12,
    }
    resp = client.post(url(world, f"/{rid}/votes"), json={"vote": "for"}, headers=chairman)
    assert resp.status_code == 200, resp.json
    assert resp.json["tally"]["for"] == 1
    for i in range(1, 12):
        client.post(
            url(world, f"/{rid}/votes"), json={"vote": "for"}, headers=token_for(rep(world, i))
        )
    resp = client.get(url(world, f"/{rid}"), headers=token_for(world.user("observer")))
    assert resp.json["status"] == "adopted" and resp.json["recorded"] is True
    assert len(resp.json["votes"]) == 12


def test_deadline_in_the_past_is_422(client, world, token_for):
    deadline = (utcnow() - dt.timedelta(hours=1)).isoformat()
    resp = client.post(
        url(world),
        json={"matter": "business", "title": "x", "deadline": deadline},
        headers=token_for(world.user("chairman")),
    )
    assert resp.status_code == 422
    assert "deadline" in resp.json["error"]["fields"]
    assert db.session.query(Resolution).count() == 0


def test_naive_deadline_is_422(client, world, token_for):
    resp = client.post(
        url(world),
        json={"matter": "business", "title": "x", "deadline": "2030-01-01T10:00:00"},
        headers=token_for(world.user("chairman")),
    )
    assert resp.status_code == 422


def test_vote_by_a_user_representing_no_partner_is_403(client, world, token_for):
    deadline = (utcnow() + dt.timedelta(days=3)).isoformat()
    rid = client.post(
        url(world),
        json={"matter": "business", "title": "x", "deadline": deadline},
        headers=token_for(world.user("chairman")),
    ).json["id"]
    resp = client.post(
        url(world, f"/{rid}/votes"), json={"vote": "for"}, headers=token_for(world.user("admin"))
    )
    assert resp.status_code == 403
    assert "represent" in resp.json["error"]["message"]
    resp = client.post(
        url(world, f"/{rid}/votes"), json={"vote": "maybe"}, headers=token_for(world.user("member"))
    )
    assert resp.status_code == 422
    assert all(v.vote is None for v in db.session.get(Resolution, rid).votes)


def test_reading_after_the_deadline_shows_the_outcome_unrecorded(client, world, token_for):
    deadline = (utcnow() + dt.timedelta(days=3)).isoformat()
    rid = client.post(
        url(world),
        json={"matter": "business", "title": "x", "deadline": deadline},
        headers=token_for(world.user("chairman")),
    ).json["id"]
    db.session.get(Resolution, rid).deadline = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    resp = client.get(url(world, f"/{rid}"), headers=token_for(world.user("member")))
    assert resp.json["status"] == "rejected" and resp.json["recorded"] is False
    assert db.session.get(Resolution, rid).status == "open"
    resp = client.post(
        url(world, f"/{rid}/votes"), json={"vote": "for"}, headers=token_for(world.user("member"))
    )
    assert resp.status_code == 409
