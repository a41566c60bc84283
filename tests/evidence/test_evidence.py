"""Certificates of evidence: JSON, signed PDF, and the public verify page."""

from __future__ import annotations

import hashlib
import io

from sqlalchemy import select

from llp_gov.audit.models import AuditEvent
from llp_gov.contracts.models import Contract
from llp_gov.documents import storage
from llp_gov.extensions import db
from tests.contracts.access import contract as _contract
from tests.factories import CounterpartyFactory
from tests.pdf.checks import text_of


def draft_contract(world):
    world.counterparty = CounterpartyFactory(organisation_id=world.org.id)
    return _contract(world)


def _approve_on_the_page(client, world, login_as):
    ids = draft_contract(world)
    contract = db.session.get(Contract, ids["contract_id"])
    from llp_gov.contracts import lifecycle

    lifecycle.submit_for_review(
        actor=world.user("member"), organisation=world.org, contract=contract
    )
    db.session.commit()
    login_as(world.user("chairman"))
    resp = client.post(f"/o/{world.org.slug}/contracts/{contract.id}/approve")
    assert resp.status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.tag == "contract:approved"))
    return db.session.get(Contract, contract.id), event


def test_certificate_json_states_who_when_how_and_the_chain(client, world, login_as, token_for):
    contract, event = _approve_on_the_page(client, world, login_as)
    url = f"/api/v1/orgs/{world.org.slug}/evidence/{event.id}"
    body = client.get(url, headers=token_for(world.user("admin"))).json
    chairman = world.user("chairman")
    assert body["who"]["name"] == chairman.name and body["who"]["role"] == "chairman"
    assert body["when"]["utc"].endswith("+00:00") and body["when"]["local"].endswith("+09:00")
    assert body["sign_in"] == "password_session"
    assert body["ip"] == "127.0.0.1" and body["user_agent"].startswith("Werkzeug/")
    latest = contract.document.versions[-1]
    assert body["document"]["sha256"] == latest.sha256
    assert body["audit"]["hash"] == event.hash and body["audit"]["position"] == event.seq
    assert body["audit"]["chain_verified_to_here"] is True
    assert body["verify_url"].endswith(f"/verify?hash={event.hash}")
    # The actor sees their own certificate; a member who did not act does not.
    assert client.get(url, headers=token_for(chairman)).status_code == 200
    assert client.get(url, headers=token_for(world.user("member"))).status_code == 403
    other = f"/api/v1/orgs/{world.other_org.slug}/evidence/{event.id}"
    assert client.get(other, headers=token_for(world.other_users["chairman"])).status_code == 404


def test_certificate_of_an_ordinary_event_is_not_found(client, world, token_for):
    ids = draft_contract(world)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.tag == "contract:create"))
    assert ids and event is not None
    url = f"/api/v1/orgs/{world.org.slug}/evidence/{event.id}"
    assert client.get(url, headers=token_for(world.user("admin"))).status_code == 404


def test_certificate_pdf_and_page(client, world, login_as):
    _, event = _approve_on_the_page(client, world, login_as)
    page = client.get(f"/o/{world.org.slug}/evidence/{event.id}").get_data(as_text=True)
    assert event.hash in page and "127.0.0.1" in page
    pdf = client.get(f"/o/{world.org.slug}/evidence/{event.id}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert event.hash[:16] in text_of(pdf.data).replace("\n", "")


def test_public_verify_says_only_whether_and_when(client, world, login_as):
    contract, event = _approve_on_the_page(client, world, login_as)
    client.post("/logout")
    client.post("/locale/en")
    data = storage.read(contract.document.versions[-1].sha256)
    page = client.post(
        "/verify", data={"file": (io.BytesIO(data), "x.pdf")}, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert "This file was recorded on" in page
    assert world.org.name not in page and contract.number not in page
    page = client.get(f"/verify?hash={event.hash}").get_data(as_text=True)
    assert "This record was made on" in page
    other = hashlib.sha256(b"never uploaded").hexdigest()
    assert "Nothing with this value" in client.get(f"/verify?hash={other}").get_data(as_text=True)
    assert client.get("/verify?hash=xyz").status_code == 422


def test_a_partner_vote_has_a_certificate_naming_the_partner(client, world, token_for):
    from tests.resolutions.helpers import open_, vote

    resolution = open_(world)
    vote(world, resolution, [1])  # the member votes for partner 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.tag == "resolution:vote"))
    url = f"/api/v1/orgs/{world.org.slug}/evidence/{event.id}"
    body = client.get(url, headers=token_for(world.user("member"))).json  # their own vote
    assert body["action"] == "resolution:vote"
    assert body["who"]["partner"]["id"] == world.partners[1].id
    assert body["details"]["vote"] == [None, "for"]
