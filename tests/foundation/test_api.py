"""The JSON API: bearer tokens, /me, partners, counterparties, errors and the OpenAPI document."""

from __future__ import annotations

from sqlalchemy import func, select

from llp_gov.audit.models import AuditEvent
from llp_gov.counterparties.models import Counterparty
from llp_gov.extensions import db
from llp_gov.partners.models import Partner

VALID_CN = "7123456789012"


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def assert_error(resp, status: int, code: str | None = None):
    assert resp.status_code == status, resp.get_data(as_text=True)
    body = resp.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def new_partner(**extra):
    return {
        "kind": "corporate",
        "name": "株式会社API",
        "address": "福岡県北九州市小倉北区1-1",
        "country": "JP",
        "executing_person": "山田 花子",
        "corporate_number": VALID_CN,
    } | extra


def test_me(client, world, token_for):
    user = world.user("chairman")
    resp = client.get("/api/v1/me", headers=token_for(user))
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["email"] == "chairman@klic.test" and body["timezone"] == "Asia/Tokyo"
    [org] = body["organisations"]
    assert org == {
        "slug": world.org.slug,
        "name": world.org.name,
        "role": "chairman",
        "partner_id": world.partners[0].id,
    }


def test_no_token_a_bad_token_or_a_session_cookie_is_401(client, world, login_as):
    error = assert_error(client.get("/api/v1/me"), 401, "unauthorized")
    assert "Bearer" in error["message"]
    assert_error(client.get("/api/v1/me", headers={"Authorization": "Bearer llpg_nope"}), 401)
    assert_error(client.get("/api/v1/me", headers={"Authorization": "Basic abc"}), 401)
    login_as(world.user("chairman"))
    assert_error(client.get("/api/v1/me"), 401)


def test_the_401_is_translated_by_accept_language(client):
    error = assert_error(client.get("/api/v1/me", headers={"Accept-Language": "ja"}), 401)
    assert "APIトークン" in error["message"]


def test_list_and_read_partners(client, world, token_for):
    headers = token_for(world.user("observer"))
    resp = client.get(f"/api/v1/orgs/{world.org.slug}/partners", headers=headers)
    assert resp.status_code == 200
    items = resp.get_json()
    assert [p["id"] for p in items] == [p.id for p in world.partners]
    assert items[0]["corporate_number"] == world.partners[0].corporate_number
    resp = client.get(
        f"/api/v1/orgs/{world.org.slug}/partners",
        headers=headers,
        query_string={"q": world.partners[3].name_en},
    )
    assert [p["id"] for p in resp.get_json()] == [world.partners[3].id]
    resp = client.get(
        f"/api/v1/orgs/{world.org.slug}/partners/{world.partners[2].id}", headers=headers
    )
    assert resp.get_json()["name"] == world.partners[2].name


def test_create_and_patch_a_partner(client, world, token_for):
    headers = token_for(world.user("admin"))
    url = f"/api/v1/orgs/{world.org.slug}/partners"
    resp = client.post(url, json=new_partner(), headers=headers)
    assert resp.status_code == 201, resp.get_json()
    created = resp.get_json()
    assert created["status"] == "pending" and created["corporate_number"] == VALID_CN
    resp = client.patch(f"{url}/{created['id']}", json={"name_en": "API Inc."}, headers=headers)
    assert resp.status_code == 200 and resp.get_json()["name_en"] == "API Inc."
    tags = list(
        db.session.scalars(
            select(AuditEvent.tag).where(
                AuditEvent.target_id == str(created["id"]), AuditEvent.target_type == "partners"
            )
        )
    )
    assert tags == ["partner:create", "partner:update"]


def test_invalid_input_is_422_with_fields_and_saves_nothing(client, world, token_for):
    headers = token_for(world.user("chairman"))
    url = f"/api/v1/orgs/{world.org.slug}/partners"
    before_p, before_e = count(Partner), count(AuditEvent)
    cases = [
        (new_partner(corporate_number="1234567890123"), "corporate_number"),
        (new_partner(kr_business_number="124-81-00999"), "kr_business_number"),
        ({"kind": "corporate"}, "name"),  # missing required field
        (new_partner(name="株" * 201), "name"),
        (new_partner(kind="robot"), "kind"),
        (new_partner(admitted_on="yesterday"), "admitted_on"),
        (new_partner(colour="blue"), "colour"),
    ]
    for body, field in cases:
        error = assert_error(client.post(url, json=body, headers=headers), 422, "validation_error")
        assert field in error["fields"] and error["fields"][field], (field, error)
    assert count(Partner) == before_p and count(AuditEvent) == before_e


def test_422_messages_follow_the_token_users_language(client, world, token_for):
    user = world.user("chairman")
    user.locale = "ko"
    db.session.commit()
    url = f"/api/v1/orgs/{world.org.slug}/partners"
    error = assert_error(
        client.post(
            url, json=new_partner(corporate_number="1234567890123"), headers=token_for(user)
        ),
        422,
    )
    assert "법인번호" in error["fields"]["corporate_number"]
    error = assert_error(client.post(url, json={"kind": "corporate"}, headers=token_for(user)), 422)
    assert error["fields"]["name"] == "필수 항목입니다."


def test_patch_with_a_bad_number_changes_nothing(client, world, token_for):
    p = world.partners[0]
    old = p.corporate_number
    resp = client.patch(
        f"/api/v1/orgs/{world.org.slug}/partners/{p.id}",
        json={"corporate_number": "1"},
        headers=token_for(world.user("admin")),
    )
    assert_error(resp, 422)
    db.session.refresh(p)
    assert p.corporate_number == old
    resp = client.patch(
        f"/api/v1/orgs/{world.org.slug}/partners/{p.id}",
        json={},
        headers=token_for(world.user("admin")),
    )
    assert_error(resp, 422)


def test_forbidden_roles_get_403_before_their_body_is_read(client, world, token_for):
    url = f"/api/v1/orgs/{world.org.slug}/partners"
    assert_error(
        client.post(url, json={}, headers=token_for(world.user("member"))), 403, "forbidden"
    )
    assert_error(
        client.patch(
            f"{url}/{world.partners[0].id}",
            json={"name": "x"},
            headers=token_for(world.user("accountant")),
        ),
        403,
    )


def test_outsiders_get_404_and_learn_nothing(client, world, token_for):
    headers = token_for(world.other_users["chairman"])
    for url in (
        f"/api/v1/orgs/{world.org.slug}/partners",
        f"/api/v1/orgs/{world.org.slug}/counterparties",
        f"/api/v1/orgs/{world.org.slug}/partners/{world.partners[0].id}",
        "/api/v1/orgs/no-such-org/partners",
    ):
        error = assert_error(client.get(url, headers=headers), 404, "not_found")
        assert world.org.name not in str(error)


def test_a_partner_of_another_organisation_is_404(client, world, token_for):
    theirs = db.session.scalar(select(Partner).where(Partner.organisation_id == world.other_org.id))
    resp = client.get(
        f"/api/v1/orgs/{world.org.slug}/partners/{theirs.id}",
        headers=token_for(world.user("chairman")),
    )
    assert_error(resp, 404)


def test_counterparties(client, world, token_for):
    headers = token_for(world.user("member"))
    url = f"/api/v1/orgs/{world.org.slug}/counterparties"
    resp = client.post(
        url,
        json={
            "name": "서울 연맹",
            "name_en": "Seoul League",
            "country": "KR",
            "kr_business_number": "220-81-62517",
        },
        headers=headers,
    )
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["kr_business_number"] == "2208162517"
    assert [
        c["name"] for c in client.get(url, headers=headers, query_string={"q": "seoul"}).get_json()
    ] == ["서울 연맹"]
    error = assert_error(
        client.post(url, json={"name": "x", "corporate_number": "1"}, headers=headers), 422
    )
    assert "corporate_number" in error["fields"]
    error = assert_error(client.post(url, json={}, headers=headers), 422)
    assert "name" in error["fields"]
    assert count(Counterparty) == 1
    assert_error(
        client.post(url, json={"name": "y"}, headers=token_for(world.user("observer"))), 403
    )


def test_unknown_urls_and_methods_are_json(client, world, token_for):
    headers = token_for(world.user("chairman"))
    assert_error(client.get("/api/v1/nothing-here", headers=headers), 404)
    assert_error(client.delete(f"/api/v1/orgs/{world.org.slug}/partners", headers=headers), 405)


def test_the_openapi_document_is_generated_from_the_code(client):
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 200
    doc = resp.get_json()
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    for path, methods in {
        "/api/v1/me": {"get"},
        "/api/v1/orgs/{slug}/partners": {"get", "post"},
        "/api/v1/orgs/{slug}/partners/{partner_id}": {"get", "patch"},
        "/api/v1/orgs/{slug}/counterparties": {"get", "post"},
    }.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    schemas = doc["components"]["schemas"]
    assert "corporate_number" in schemas["Partner"]["properties"]
    assert any(
        s.get("type") == "http" and s.get("scheme") == "bearer"
        for s in doc.get("components", {}).get("securitySchemes", {}).values()
    )


def test_ids_beyond_the_database_range_are_404_or_422(client, world, token_for):
    headers = token_for(world.user("chairman"))
    huge = 10**20
    assert_error(client.get(f"/api/v1/orgs/{world.org.slug}/partners/{huge}", headers=headers), 404)
    error = assert_error(
        client.post(
            f"/api/v1/orgs/{world.org.slug}/partners",
            json=new_partner(representative_user_id=huge),
            headers=headers,
        ),
        422,
    )
    assert "representative_user_id" in error["fields"]


def test_a_malformed_json_body_is_a_json_error(client, world, token_for):
    resp = client.post(
        f"/api/v1/orgs/{world.org.slug}/counterparties",
        data="{not json",
        content_type="application/json",
        headers=token_for(world.user("member")),
    )
    assert "JSON" in assert_error(resp, 400, "bad_request")["message"]
    assert count(Counterparty) == 0


def test_patching_a_partner_with_a_null_residency_follows_its_country(client, world, token_for):
    # Found by schemathesis in CI: {"is_domestic": null} wrote NULL into a NOT NULL column (500).
    # As on creation, no answer means the residency follows the country.
    h = token_for(world.user("admin"))
    partner = world.partners[1]
    url = f"/api/v1/orgs/{world.org.slug}/partners/{partner.id}"
    resp = client.patch(url, json={"is_domestic": None, "country": "KR"}, headers=h)
    assert resp.status_code == 200, resp.json
    assert resp.json["is_domestic"] is False
    resp = client.patch(url, json={"is_domestic": None}, headers=h)
    assert resp.status_code == 200 and resp.json["is_domestic"] is False
    resp = client.patch(url, json={"is_domestic": None, "country": "JP"}, headers=h)
    assert resp.status_code == 200 and resp.json["is_domestic"] is True
