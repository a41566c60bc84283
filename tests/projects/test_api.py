"""Projects API: propose, submit, decide."""

from sqlalchemy import func, select

from llp_gov.extensions import db
from llp_gov.projects.models import Project


def url(world, tail=""):
    return f"/api/v1/orgs/{world.org.slug}/projects{tail}"


def body(world, **kw):
    return {
        "title": "Cyber exhibition 2027",
        "kind": "trade_exhibition",
        "value": 3_000_000,
        "participants": [
            {"partner_id": world.partners[1].id, "role": "lead", "share_percent": 70},
            {"partner_id": world.partners[2].id, "role": "member", "share_percent": 30},
        ],
        "milestones": [{"title": "Opening", "due_on": "2027-06-01"}],
    } | kw


def test_propose_submit_and_approve(client, world, token_for):
    member, chairman = token_for(world.user("member")), token_for(world.user("chairman"))
    resp = client.post(url(world), json=body(world), headers=member)
    assert resp.status_code == 201, resp.json
    pid = resp.json["id"]
    assert resp.json["status"] == "draft"
    resp = client.post(url(world, f"/{pid}/submit"), headers=member)
    assert resp.status_code == 200 and resp.json["status"] == "submitted"
    resp = client.post(
        url(world, f"/{pid}/decision"),
        json={"decision": "approve", "comment": "OK"},
        headers=chairman,
    )
    assert resp.status_code == 200, resp.json
    assert resp.json["status"] == "approved"
    assert resp.json["decisions"][-1]["comment"] == "OK"
    assert resp.json["decisions"][-1]["actor_id"] == world.user("chairman").id
    listed = client.get(url(world), headers=member).json
    assert [p["id"] for p in listed] == [pid]


def test_member_deciding_gets_403(client, world, token_for):
    member = token_for(world.user("member"))
    pid = client.post(url(world), json=body(world), headers=member).json["id"]
    client.post(url(world, f"/{pid}/submit"), headers=member)
    resp = client.post(url(world, f"/{pid}/decision"), json={"decision": "approve"}, headers=member)
    assert resp.status_code == 403
    assert db.session.get(Project, pid).status == "submitted"


def test_reject_without_comment_is_422(client, world, token_for):
    member, chairman = token_for(world.user("member")), token_for(world.user("chairman"))
    pid = client.post(url(world), json=body(world), headers=member).json["id"]
    client.post(url(world, f"/{pid}/submit"), headers=member)
    resp = client.post(
        url(world, f"/{pid}/decision"), json={"decision": "reject"}, headers=chairman
    )
    assert resp.status_code == 422
    assert "comment" in resp.json["error"]["fields"]


def test_invalid_transition_is_409_with_a_message(client, world, token_for):
    member, chairman = token_for(world.user("member")), token_for(world.user("chairman"))
    pid = client.post(url(world), json=body(world), headers=member).json["id"]
    resp = client.post(
        url(world, f"/{pid}/decision"), json={"decision": "approve"}, headers=chairman
    )
    assert resp.status_code == 409
    assert "Approve" in resp.json["error"]["message"]


def test_shares_not_adding_to_100_is_422_and_nothing_is_saved(client, world, token_for):
    rows = body(world)["participants"]
    rows[1]["share_percent"] = 20
    resp = client.post(
        url(world), json=body(world, participants=rows), headers=token_for(world.user("member"))
    )
    assert resp.status_code == 422
    assert "100" in resp.json["error"]["fields"]["participants"]
    assert db.session.scalar(select(func.count()).select_from(Project)) == 0


def test_fractional_share_is_422(client, world, token_for):
    rows = body(world)["participants"]
    rows[0]["share_percent"] = 69.5
    rows[1]["share_percent"] = 30.5
    resp = client.post(
        url(world), json=body(world, participants=rows), headers=token_for(world.user("member"))
    )
    assert resp.status_code == 422


def test_outsider_gets_404(client, world, token_for):
    pid = client.post(url(world), json=body(world), headers=token_for(world.user("member"))).json[
        "id"
    ]
    resp = client.get(url(world, f"/{pid}"), headers=token_for(world.other_users["chairman"]))
    assert resp.status_code == 404


def test_project_of_another_org_is_not_found_through_own_org(client, world, token_for):
    pid = client.post(url(world), json=body(world), headers=token_for(world.user("member"))).json[
        "id"
    ]
    resp = client.get(
        f"/api/v1/orgs/{world.other_org.slug}/projects/{pid}",
        headers=token_for(world.other_users["chairman"]),
    )
    assert resp.status_code == 404
