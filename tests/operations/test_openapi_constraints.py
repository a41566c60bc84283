"""The OpenAPI document states the rules the services enforce (issue 13, item 4): non-empty
titles and names, at least two contract parties, enums, yen ranges, BIGINT bounds on every
integer, date formats. Clients and schemathesis' negative tests read them from here."""

from __future__ import annotations

import io

import pytest

BIGINT = (-(2**63), 2**63 - 1)
MAX_YEN = 10**15
NON_BLANK = {"minLength": 1, "pattern": r"\S"}

# (schema, field): the constraints it must state (a subset of its properties).
REQUIRED = {
    ("ContractIn", "title"): {**NON_BLANK, "maxLength": 300},
    ("ContractIn", "parties"): {"minItems": 2, "maxItems": 100},
    ("ContractPatch", "title"): NON_BLANK,
    ("ContractPatch", "parties"): {"minItems": 2},
    ("ContractIn", "contract_type"): {
        "enum": ["commission", "joint_business", "nda", "mou", "partnership"]
    },
    ("ContractIn", "start_date"): {"format": "date"},
    ("Reason", "reason"): NON_BLANK,
    ("Project", "title"): {**NON_BLANK, "maxLength": 200},
    ("Project", "value"): {"minimum": 0},
    ("Project", "participants"): {"minItems": 1},
    ("Participant", "share_percent"): {"minimum": 1, "maximum": 100},
    ("Milestone", "title"): NON_BLANK,
    ("Resolution", "title"): {**NON_BLANK, "maxLength": 200},
    ("Resolution", "deadline"): {"format": "date-time"},
    ("Upload", "title"): {**NON_BLANK, "maxLength": 300},
    ("Upload", "amount"): {"minimum": 0, "maximum": BIGINT[1]},
    ("Patch", "title"): NON_BLANK,
    ("Patch", "amount_jpy"): {"minimum": 0},
    ("Partner", "name"): NON_BLANK,
    ("Partner", "kind"): {"enum": ["corporate", "individual"]},
    ("PartnerPatch", "kind"): {"enum": ["corporate", "individual"]},
    ("Counterparty", "name"): NON_BLANK,
    ("Account", "name"): {**NON_BLANK, "maxLength": 100},
    ("Entry", "description"): {**NON_BLANK, "maxLength": 400},
    ("Entry", "lines"): {"minItems": 2},
    ("Entry", "date"): {"format": "date"},
    ("Line", "debit"): {"minimum": 0, "maximum": MAX_YEN},
    ("Line", "credit"): {"minimum": 0, "maximum": MAX_YEN},
    ("Contribution", "kind"): {"enum": ["money", "property"]},
    ("Contribution", "agreed_amount"): {"minimum": 0, "maximum": MAX_YEN},
    ("Payment", "amount"): {"minimum": 1, "maximum": MAX_YEN},
    ("Refund", "amount"): {"minimum": 1, "maximum": MAX_YEN},
    ("Invoice", "items"): {"minItems": 1},
    ("Item", "quantity"): {"minimum": 1},
    ("Item", "unit_price"): {"minimum": 0},
    ("Item", "rate"): {"enum": [10, 8]},
    ("Vote", "vote"): {"enum": ["for", "against", "abstain"]},
}


@pytest.fixture
def spec(client):
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 200
    return resp.json


def test_named_fields_state_the_rules_their_services_enforce(spec):
    schemas = spec["components"]["schemas"]
    missing = {}
    for (schema, field), wanted in REQUIRED.items():
        prop = schemas[schema]["properties"][field]
        wrong = {k: v for k, v in wanted.items() if prop.get(k) != v}
        if wrong:
            missing[f"{schema}.{field}"] = (wrong, prop)
    assert missing == {}


def _integers(node, path=""):
    if isinstance(node, dict):
        if node.get("type") == "integer":
            yield path, node
        for key, value in node.items():
            yield from _integers(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _integers(value, f"{path}/{i}")


def test_every_integer_in_the_document_is_bounded_inside_bigint(spec):
    # flask-smorest documents its X-Pagination header (page counts it writes, never reads)
    # before the app's converter rules exist; everything the API reads or returns is bounded.
    spec["components"]["schemas"].pop("PaginationMetadata")
    found = list(_integers(spec))
    assert len(found) > 100  # bodies, responses and query/path parameters
    unbounded = [
        path
        for path, node in found
        if not (
            BIGINT[0]
            <= node.get("minimum", BIGINT[0] - 1)
            <= node.get("maximum", BIGINT[1] + 1)
            <= BIGINT[1]
        )
    ]
    assert unbounded == []


def test_the_stated_rules_are_the_services_answers(client, world, token_for):
    # The document says what the API does: each of these breaks a stated rule and is a 422
    # naming the field, with nothing written.
    headers = token_for(world.user("chairman"))
    base = f"/api/v1/orgs/{world.org.slug}"
    resp = client.post(f"{base}/counterparties", json={"name": "   "}, headers=headers)
    assert resp.status_code == 422 and "name" in resp.json["error"]["fields"]
    resp = client.post(
        f"{base}/documents",
        data={"title": " \u3000 ", "file": (io.BytesIO(b"text"), "a.txt")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422 and "title" in resp.json["error"]["fields"]
    resp = client.post(
        f"{base}/contracts",
        json={
            "title": "業務委託契約",
            "contract_type": "nda",
            "language": "ja",
            "parties": [{"kind": "organisation"}],
        },
        headers=headers,
    )
    assert resp.status_code == 422 and "parties" in resp.json["error"]["fields"]
    assert client.get(f"{base}/documents", headers=headers).json == []
