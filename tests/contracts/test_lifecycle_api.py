"""The API of the lifecycle: PATCH a draft, one POST per status change, 409 with the reason."""

from __future__ import annotations

import io

from llp_gov.contracts import services
from llp_gov.extensions import db
from tests.contracts.helpers import city_and_league, commission_data, signed_copy_pdf


def _setup(world, token_for, **overrides):
    city, _ = city_and_league(world)
    contract = services.create_contract(
        actor=world.user("member"),
        organisation=world.org,
        **commission_data(world, city, **overrides),
    )
    db.session.commit()
    url = f"/api/v1/orgs/{world.org.slug}/contracts/{contract.id}"
    return url, token_for(world.user("member")), token_for(world.user("chairman"))


def test_the_whole_lifecycle_through_the_api(client, world, token_for):
    url, member, chairman = _setup(world, token_for, end_date=None, milestones=[])
    resp = client.patch(url, json={"title": "改訂版", "amount_excl_tax": 1_000_000}, headers=member)
    assert resp.status_code == 200, resp.json
    assert (
        resp.json["title"] == "改訂版" and resp.json["amount_incl_tax"] == 1_000_000
    )  # export-exempt
    assert resp.json["parties"][0]["name"] == "北九州市"  # untouched
    assert client.post(f"{url}/submit", headers=member).json["status"] == "in_review"
    resp = client.patch(url, json={"title": "x"}, headers=member)
    assert resp.status_code == 409 and "In review" in resp.json["error"]["message"]
    assert client.post(f"{url}/approve", headers=member).status_code == 403
    resp = client.post(f"{url}/send-back", json={"reason": "  "}, headers=chairman)
    assert resp.status_code == 422 and "reason" in resp.json["error"]["fields"]
    resp = client.post(f"{url}/send-back", json={"reason": "期間を確認"}, headers=chairman)
    assert resp.json["status"] == "draft" and resp.json["status_reason"] == "期間を確認"
    client.post(f"{url}/submit", headers=member)
    body = client.post(f"{url}/approve", headers=chairman).json
    assert body["status"] == "approved" and body["document_id"]
    resp = client.post(
        f"{url}/signed-copy",
        data={"signing_date": "2026-11-23", "file": (io.BytesIO(signed_copy_pdf()), "signed.pdf")},
        headers=member,
        content_type="multipart/form-data",
    )
    assert resp.status_code == 200, resp.json
    assert resp.json["status"] == "signed" and resp.json["signed_document_id"]
    assert resp.json["signing_date"] == "2026-11-23"
    signed = client.get(
        f"/api/v1/orgs/{world.org.slug}/documents/{resp.json['signed_document_id']}", headers=member
    )
    assert signed.status_code == 200
    assert client.post(f"{url}/activate", headers=member).json["status"] == "active"
    resp = client.post(f"{url}/expire", headers=member)
    assert resp.status_code == 409  # no end date: it never expires by itself
    assert client.post(f"{url}/terminate", json={"reason": "x"}, headers=member).status_code == 403
    body = client.post(f"{url}/terminate", json={"reason": "予算打切り"}, headers=chairman).json
    assert body["status"] == "terminated" and body["status_reason"] == "予算打切り"


def test_impossible_changes_are_409_with_the_reason(client, world, token_for):
    url, member, chairman = _setup(world, token_for)
    cases = {
        "approve": (chairman, "Only a contract in review can be approved."),
        "activate": (member, "Only a signed contract can be put into effect."),
        "expire": (member, "Only an active contract can expire."),
    }
    for action, (headers, message) in cases.items():
        resp = client.post(f"{url}/{action}", headers=headers)
        assert resp.status_code == 409, (action, resp.json)
        assert resp.json["error"]["message"] == f"{message} This contract is Draft.", resp.json
    resp = client.post(f"{url}/terminate", json={"reason": "x"}, headers=chairman)
    assert resp.status_code == 409 and "signed or active" in resp.json["error"]["message"]
    resp = client.post(
        f"{url}/signed-copy",
        data={"signing_date": "2026-11-23", "file": (io.BytesIO(signed_copy_pdf()), "s.pdf")},
        headers=member,
        content_type="multipart/form-data",
    )
    assert resp.status_code == 409
    assert client.get(url, headers=member).json["status"] == "draft"
    assert client.get(f"/api/v1/orgs/{world.org.slug}/documents", headers=member).json == []


def test_bad_edits_and_signed_copies_write_nothing(client, world, token_for):
    url, member, chairman = _setup(world, token_for)
    resp = client.patch(url, json={"end_date": "2020-01-01"}, headers=member)
    assert resp.status_code == 422 and "end_date" in resp.json["error"]["fields"]
    resp = client.patch(url, json={"amount_excl_tax": 12.5}, headers=member)
    assert resp.status_code == 422 and "amount_excl_tax" in resp.json["error"]["fields"]
    assert client.get(url, headers=member).json["end_date"] == "2027-11-30"
    client.post(f"{url}/submit", headers=member)
    client.post(f"{url}/approve", headers=chairman)
    documents_url = f"/api/v1/orgs/{world.org.slug}/documents"
    before = len(client.get(documents_url, headers=member).json)
    no_file = client.post(
        f"{url}/signed-copy",
        data={"signing_date": "2026-11-23"},
        headers=member,
        content_type="multipart/form-data",
    )
    assert no_file.status_code == 422 and "file" in no_file.json["error"]["fields"]
    future = client.post(
        f"{url}/signed-copy",
        data={"signing_date": "2999-01-01", "file": (io.BytesIO(signed_copy_pdf()), "s.pdf")},
        headers=member,
        content_type="multipart/form-data",
    )
    assert future.status_code == 422 and "signing_date" in future.json["error"]["fields"]
    assert len(client.get(documents_url, headers=member).json) == before
    assert client.get(url, headers=member).json["status"] == "approved"


def test_outsiders_get_404_on_every_change(client, world, token_for):
    url, member, chairman = _setup(world, token_for)
    outsider = token_for(world.other_users["chairman"])
    assert client.patch(url, json={"title": "x"}, headers=outsider).status_code == 404
    for action in ("submit", "approve", "activate", "expire"):
        assert client.post(f"{url}/{action}", headers=outsider).status_code == 404, action
    for action in ("send-back", "terminate"):
        assert (
            client.post(f"{url}/{action}", json={"reason": "x"}, headers=outsider).status_code
            == 404
        )


def test_the_openapi_document_lists_the_status_changes(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    base = "/api/v1/orgs/{slug}/contracts/{contract_id}"
    for action in (
        "submit",
        "approve",
        "send-back",
        "signed-copy",
        "activate",
        "expire",
        "terminate",
    ):
        assert "post" in paths[f"{base}/{action}"], action
    assert "patch" in paths[base]
