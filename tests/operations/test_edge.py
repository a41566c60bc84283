"""The request edge: body limit before parsing, one NUL/BIGINT layer, JSON errors (issue 13, 4)."""

from __future__ import annotations

import io

import pytest

from llp_gov.partners.models import Partner

BIG = 2**70

# The kind, not the list: every place where user text or a number enters, with the issue's
# examples among them. (method, path template, json body or None, query/form)
API_CASES = [
    ("POST", "/api/v1/orgs/{slug}/counterparties", {"name": "a\u0000b"}, "name"),
    ("PATCH", "/api/v1/orgs/{slug}/partners/{pid}", {"address": "x\u0000"}, "address"),
    ("GET", "/api/v1/orgs/{slug}/partners?q=a%00b", None, "q"),
    ("GET", "/api/v1/orgs/{slug}/search?amount_min=" + str(BIG), None, "amount_min"),
    ("GET", "/api/v1/orgs/{slug}/journal?offset=" + str(BIG), None, "offset"),
    (
        "POST",
        "/api/v1/orgs/{slug}/resolutions",
        {"title": "t", "participants": [{"partner_id": BIG}]},
        "participants.0.partner_id",
    ),
    ("POST", "/api/v1/orgs/{slug}/counterparties", {"name": "ok", "x": {"y": -(2**64)}}, "x.y"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), API_CASES)
def test_api_nul_and_bigint_answer_422_naming_the_field(
    client, world, token_for, method, path, body, field
):
    headers = token_for(world.user("chairman"))
    url = path.format(slug=world.org.slug, pid=world.partners[0].id)
    resp = client.open(url, method=method, json=body, headers=headers)
    assert resp.status_code == 422, resp.data[:300]
    assert field in resp.json["error"]["fields"]
    assert all("\x00" not in (p.address or "") for p in Partner.query.all())


def test_api_upload_title_with_nul_is_refused_and_stores_nothing(
    client, world, token_for, app, tmp_path
):
    headers = token_for(world.user("chairman"))
    resp = client.post(
        f"/api/v1/orgs/{world.org.slug}/documents",
        data={"title": "a\x00b", "file": (io.BytesIO(b"hello"), "a.txt")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422
    assert "title" in resp.json["error"]["fields"]
    store = tmp_path / "documents"
    assert not store.exists() or not [p for p in store.rglob("*") if p.is_file()]


@pytest.mark.parametrize("query", ["tag=a%00b", f"page={BIG}", f"page=-{BIG}", "actor=%00"])
def test_pages_answer_422_for_nul_and_bigint_query_values(client, world, login_as, query):
    login_as(world.user("chairman"))
    resp = client.get(f"/o/{world.org.slug}/audit?{query}")
    assert resp.status_code == 422
    name = query.split("=")[0]
    assert name.encode() in resp.data


def test_page_form_with_nul_answers_422_and_writes_nothing(client, world, login_as):
    login_as(world.user("chairman"))
    partner = world.partners[0]
    resp = client.post(
        f"/o/{world.org.slug}/partners/{partner.id}/edit", data={"address": "x\x00y"}
    )
    assert resp.status_code == 422
    assert b"address" in resp.data


def test_in_range_integers_and_plain_text_pass(client, world, token_for):
    headers = token_for(world.user("chairman"))
    resp = client.get(f"/api/v1/orgs/{world.org.slug}/partners?q={2**63 - 1}", headers=headers)
    assert resp.status_code == 200


def test_unauthenticated_large_body_is_refused_before_parsing(client, app, monkeypatch):
    """A 3 MB multipart POST /login is refused (413) by its Content-Length: the form parser,
    and so the temp folder, never sees it."""
    import werkzeug.formparser

    parsed = []
    real = werkzeug.formparser.MultiPartParser.parse
    monkeypatch.setattr(
        werkzeug.formparser.MultiPartParser,
        "parse",
        lambda self, *a, **kw: parsed.append(1) or real(self, *a, **kw),
    )
    boundary = "b0undary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="blob"; filename="big.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"x" * (3 * 1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    resp = client.post(
        "/login", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert resp.status_code == 413
    assert parsed == []


def test_the_upload_allowance_exceeds_the_default_limit(app):
    from llp_gov.operations.edge import upload_allowance

    assert upload_allowance(app.config) > app.config["MAX_UPLOAD_BYTES"]
    assert app.config["MAX_CONTENT_LENGTH"] == app.config["MAX_REQUEST_BYTES"]


def test_api_405_carries_allow_and_json(client, world, token_for):
    headers = token_for(world.user("chairman"))
    resp = client.put(f"/api/v1/orgs/{world.org.slug}/partners", headers=headers)
    assert resp.status_code == 405
    assert "GET" in resp.headers["Allow"]
    assert resp.json["error"]["code"] == "method_not_allowed"


def test_api_500_is_the_json_error_body(app, client, world, token_for, monkeypatch):
    from llp_gov.partners import services

    def boom(**_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "list_partners", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    headers = token_for(world.user("chairman"))
    resp = client.get(f"/api/v1/orgs/{world.org.slug}/partners", headers=headers)
    assert resp.status_code == 500
    assert resp.json["error"]["code"] == "internal_server_error"
    assert "boom" not in resp.get_data(as_text=True)


def test_openapi_declares_fields_returned_as_null_nullable(client):
    spec = client.get("/api/v1/openapi.json").json
    schemas = spec["components"]["schemas"]
    assert schemas["Partner"]["properties"]["withdrawn_on"]["nullable"] is True
    assert "nullable" not in schemas["Partner"]["properties"]["name"]  # required


def test_openapi_documents_a_success_response_for_every_operation(client):
    spec = client.get("/api/v1/openapi.json").json
    missing = [
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if method != "parameters"
        and not any(str(code).startswith("2") for code in operation.get("responses", {}))
    ]
    assert missing == []
