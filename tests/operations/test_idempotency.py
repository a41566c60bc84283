"""Uploads with an Idempotency-Key (issue 13, item 4): a retry gets the first result."""

from __future__ import annotations

import io

from llp_gov.documents.models import Document


def _upload(client, world, headers, key, content=b"retried upload", title="t"):
    return client.post(
        f"/api/v1/orgs/{world.org.slug}/documents",
        data={"title": title, "file": (io.BytesIO(content), "a.txt")},
        headers={**headers, "Idempotency-Key": key},
        content_type="multipart/form-data",
    )


def test_a_retried_upload_returns_the_first_result_and_stores_one_document(
    client, world, token_for
):
    headers = token_for(world.user("chairman"))
    first = _upload(client, world, headers, "k-1")
    assert first.status_code == 201
    again = _upload(client, world, headers, "k-1")
    assert again.status_code == 201
    assert again.json == first.json
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Document.query.count() == 1


def test_a_new_key_is_a_new_request(client, world, token_for):
    headers = token_for(world.user("chairman"))
    assert _upload(client, world, headers, "a", b"one").status_code == 201
    assert _upload(client, world, headers, "b", b"two").status_code == 201
    assert Document.query.count() == 2


def test_keys_belong_to_their_user(client, world, token_for):
    chair = token_for(world.user("chairman"))
    member = token_for(world.user("member"))
    assert _upload(client, world, chair, "same", b"one").status_code == 201
    resp = _upload(client, world, member, "same", b"two")
    assert resp.status_code == 201 and "Idempotent-Replayed" not in resp.headers
    assert Document.query.count() == 2


def test_a_refused_request_is_replayed_too_and_a_key_on_another_path_is_refused(
    client, world, token_for
):
    headers = token_for(world.user("chairman"))
    bad = _upload(client, world, headers, "x", title="")
    assert bad.status_code == 422
    assert _upload(client, world, headers, "x", title="").json == bad.json
    resp = client.post(
        f"/api/v1/orgs/{world.org.slug}/counterparties",
        json={"name": "相手方"},
        headers={**headers, "Idempotency-Key": "x"},
    )
    assert resp.status_code == 422 and "Idempotency-Key" in resp.json["error"]["fields"]
