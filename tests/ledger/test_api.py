"""The ledger API: posting, bad input, no edit or delete, reversal, contributions, reports,
closing, distributions, exports, and organisations kept apart."""

import io

from openpyxl import load_workbook

from llp_gov.extensions import db
from llp_gov.ledger.models import JournalEntry
from tests.resolutions.helpers import adopt

BASE = "/api/v1/orgs/{}"


def entry_json(**kw):
    return {
        "date": "2025-06-01",
        "description": "Commission",
        **kw,
        "lines": kw.pop("lines", None)
        or [{"account": "112", "debit": 1000}, {"account": "410", "credit": 1000}],
    }


def test_post_list_and_reverse_an_entry(client, world, token_for):
    h = token_for(world.user("accountant"))
    url = BASE.format(world.org.slug)
    resp = client.post(f"{url}/journal", json=entry_json(), headers=h)
    assert resp.status_code == 201, resp.json
    entry_id = resp.json["id"]
    assert resp.json["lines_posted"][0]["account"] == "112"
    for method in ("put", "patch", "delete"):
        assert (
            getattr(client, method)(f"{url}/journal/{entry_id}", json={}, headers=h).status_code
            == 405
        )
    resp = client.post(f"{url}/journal/{entry_id}/reversal", json={}, headers=h)
    assert resp.status_code == 201 and resp.json["reverses_id"] == entry_id
    listed = client.get(f"{url}/journal", headers=token_for(world.user("member"))).json
    assert len(listed) == 2


def test_bad_entries_are_refused_and_nothing_is_posted(client, world, token_for):
    h = token_for(world.user("accountant"))
    url = BASE.format(world.org.slug) + "/journal"
    bad = [
        entry_json(lines=[{"account": "112", "debit": 1000}, {"account": "410", "credit": 999}]),
        entry_json(lines=[{"account": "112", "debit": 10.5}, {"account": "410", "credit": 10.5}]),
        entry_json(lines=[{"account": "112", "debit": -5}, {"account": "410", "credit": -5}]),
        entry_json(lines=[{"account": "nope", "debit": 5}, {"account": "410", "credit": 5}]),
        {"description": "no date", "lines": []},
    ]
    for body in bad:
        resp = client.post(url, json=body, headers=h)
        assert resp.status_code == 422, body
        assert resp.json["error"]["message"]
    assert db.session.query(JournalEntry).count() == 0
    unbalanced = client.post(url, json=bad[0], headers=h).json["error"]
    assert "balance" in unbalanced["message"]


def test_member_cannot_post_and_outsider_sees_nothing(client, world, token_for):
    url = BASE.format(world.org.slug)
    assert (
        client.post(
            f"{url}/journal", json=entry_json(), headers=token_for(world.user("member"))
        ).status_code
        == 403
    )
    outsider = token_for(world.other_users["chairman"])
    assert client.get(f"{url}/journal", headers=outsider).status_code == 404
    assert client.get(f"{url}/reports/trial-balance", headers=outsider).status_code == 404


def test_contribution_close_and_distribution_through_the_api(client, world, token_for):
    h = token_for(world.user("accountant"))
    url = BASE.format(world.org.slug)
    for p in world.partners[:3]:
        resp = client.post(
            f"{url}/contributions",
            json={
                "partner_id": p.id,
                "kind": "money",
                "agreed_amount": 2_000_000,
                "received_amount": 2_000_000,
                "received_on": "2025-04-01",
            },
            headers=h,
        )
        assert resp.status_code == 201, resp.json
    labour = client.post(
        f"{url}/contributions",
        json={"partner_id": world.partners[4].id, "kind": "labour", "agreed_amount": 1},
        headers=h,
    )
    assert labour.status_code == 422 and "Act 11" in labour.json["error"]["fields"]["kind"]
    client.post(
        f"{url}/journal",
        json=entry_json(
            lines=[{"account": "112", "debit": 3_000_000}, {"account": "410", "credit": 3_000_000}]
        ),
        headers=h,
    )
    pl = client.get(
        f"{url}/reports/profit-and-loss?from=2025-04-01&to=2026-03-31&by_partner=1", headers=h
    ).json
    assert pl["totals"]["net_income"] == 3_000_000
    assert sum(pl["totals"]["partners"].values()) == 3_000_000
    resp = client.post(f"{url}/fiscal-years/2025/close", json={}, headers=h)
    assert resp.status_code == 200, resp.json
    assert [p["net_result"] for p in resp.json["partners"]] == [1_000_000] * 3
    assert client.post(f"{url}/fiscal-years/2025/close", json={}, headers=h).status_code == 409
    closed = client.post(f"{url}/journal", json=entry_json(date="2025-12-01"), headers=h)
    assert closed.status_code == 422 and "closed" in closed.json["error"]["message"]
    # Net assets 9M; keep back min(3M, 6M) = 3M → 6M distributable; surplus 3M.
    over = client.post(
        f"{url}/distributions",
        json={
            "date": "2026-04-10",
            "shares": {str(world.partners[0].id): 6_000_001},
            "delegation": True,
        },
        headers=h,
    )
    assert over.status_code == 422 and "6,000,000" in over.json["error"]["message"]
    ok = client.post(
        f"{url}/distributions",
        json={
            "date": "2026-04-10",
            "shares": {str(p.id): 1_000_000 for p in world.partners[:3]},
            "resolution_id": adopt(world, "business").id,
        },
        headers=h,
    )
    assert (
        ok.status_code == 201 and ok.json["total"] == 3_000_000 and not ok.json["return_of_capital"]
    )
    bs = client.get(f"{url}/reports/balance-sheet?to=2026-04-10&by_partner=1", headers=h).json
    assert bs["net_assets"] == 6_000_000


def test_export_endpoint_streams_xlsx_and_refuses_members(client, world, token_for):
    h = token_for(world.user("accountant"))
    url = BASE.format(world.org.slug)
    client.post(f"{url}/journal", json=entry_json(), headers=h)
    resp = client.get(
        f"{url}/ledger/export?format=xlsx&fiscal_year=2025",
        headers=token_for(world.user("chairman")),
    )
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(resp.data)).active.iter_rows(values_only=True))
    assert rows[-1][8] == 1000
    assert (
        client.get(f"{url}/ledger/export", headers=token_for(world.user("member"))).status_code
        == 403
    )
    assert client.get(f"{url}/ledger/export?format=doc", headers=h).status_code == 422


def test_the_journal_api_pages_by_position_not_offset(client, world, token_for):
    # Keyset pages (issue 14): each page starts after the last entry of the one before, so a
    # client walks the whole journal without gaps or repeats, and OFFSET is no longer taken.
    h = token_for(world.user("accountant"))
    url = BASE.format(world.org.slug) + "/journal"
    for day in ("2025-06-01", "2025-06-01", "2025-06-02", "2025-06-03", "2025-06-03"):
        assert client.post(url, json=entry_json(date=day), headers=h).status_code == 201
    seen, after = [], None
    for _page in range(10):  # bounded: a server ignoring `after` would repeat page 1 forever
        query = {"limit": 2, **({"after": after} if after else {})}
        page = client.get(url, query_string=query, headers=h)
        assert page.status_code == 200, page.json
        if not page.json:
            break
        seen += [(e["date"], e["number"]) for e in page.json]
        after = f"{page.json[-1]['date']}.{page.json[-1]['number']}"
    assert len(seen) == 5 and len(set(seen)) == 5
    assert seen == sorted(seen, reverse=True)
    assert client.get(url, query_string={"after": "2025-13-40.1"}, headers=h).status_code == 422
    assert client.get(url, query_string={"after": "yesterday"}, headers=h).status_code == 422
