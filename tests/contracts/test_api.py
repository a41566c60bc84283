"""The contracts API."""

from __future__ import annotations

from tests.contracts.helpers import city_and_league, commission_data
from tests.pdf.checks import text_of


def _payload(world, city, **overrides):
    data = commission_data(world, city, **overrides)
    for key in ("start_date", "end_date", "signing_date"):
        if hasattr(data.get(key), "isoformat"):
            data[key] = data[key].isoformat()
    return data


def test_member_creates_reads_and_downloads(client, world, token_for):
    city, _ = city_and_league(world)
    headers = token_for(world.user("member"))
    resp = client.post(
        f"/api/v1/orgs/{world.org.slug}/contracts", json=_payload(world, city), headers=headers
    )
    assert resp.status_code == 201, resp.json
    body = resp.json
    assert body["number"].startswith("KLIC-TEST-") and body["status"] == "draft"
    assert body["amount_incl_tax"] == 48_600_000 and body["tax_amount"] == 0
    got = client.get(f"/api/v1/orgs/{world.org.slug}/contracts/{body['id']}", headers=headers)
    assert got.status_code == 200 and got.json["parties"][0]["name"] == "北九州市"
    pdf = client.get(f"/api/v1/orgs/{world.org.slug}/contracts/{body['id']}/pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "金四千八百六十万円" in text_of(pdf.data)


def test_bad_input_gives_field_errors_and_writes_nothing(client, world, token_for):
    city, _ = city_and_league(world)
    headers = token_for(world.user("member"))
    url = f"/api/v1/orgs/{world.org.slug}/contracts"
    bad = {
        "parties": ([], "parties"),
        "amount_excl_tax": (-5, "amount_excl_tax"),
        "contract_type": ("lease", "contract_type"),
        "tax_treatment": ("vat", "tax_treatment"),
        "end_date": ("2020-01-01", "end_date"),
    }
    for key, (value, field) in bad.items():
        resp = client.post(
            url, json=_payload(world, city, **{key: value, "milestones": []}), headers=headers
        )
        assert resp.status_code == 422, (key, resp.json)
        assert field in resp.json["error"]["fields"], (key, resp.json)
    fractional = _payload(world, city, milestones=[])
    fractional["amount_excl_tax"] = 100.5
    resp = client.post(url, json=fractional, headers=headers)
    assert resp.status_code == 422 and "amount_excl_tax" in resp.json["error"]["fields"]
    assert client.get(url, headers=headers).json == []


def test_outsider_gets_404_and_observer_403(client, world, token_for):
    city, _ = city_and_league(world)
    member = token_for(world.user("member"))
    url = f"/api/v1/orgs/{world.org.slug}/contracts"
    created = client.post(url, json=_payload(world, city), headers=member).json
    outsider = token_for(world.other_users["chairman"])
    assert client.get(f"{url}/{created['id']}", headers=outsider).status_code == 404
    assert client.get(f"{url}/{created['id']}/pdf", headers=outsider).status_code == 404
    assert (
        client.get(
            f"/api/v1/orgs/{world.other_org.slug}/contracts/{created['id']}", headers=outsider
        ).status_code
        == 404
    )
    assert (
        client.post(
            url, json=_payload(world, city), headers=token_for(world.user("observer"))
        ).status_code
        == 403
    )
