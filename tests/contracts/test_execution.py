"""Every partner signs the electronic partnership agreement (Ord. 2-3)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from llp_gov.audit.models import AuditEvent
from llp_gov.contracts import execution
from llp_gov.contracts.models import Contract
from llp_gov.errors import Conflict, PermissionDenied
from llp_gov.extensions import db
from tests.contracts.access import approved_agreement


def _reps(world):
    return [world.user(r) for r in ("chairman", "member", "accountant")] + [
        world.user(f"rep{i:02d}") for i in range(4, 13)
    ]


def test_executed_only_when_every_partner_has_signed(world):
    contract = db.session.get(Contract, approved_agreement(world)["contract_id"])
    reps = _reps(world)
    for rep in reps[:-1]:
        execution.sign_agreement(actor=rep, organisation=world.org, contract=contract)
    assert contract.status == "approved" and not execution.is_executed(world.org)
    assert [p.partner_id for p in execution.unsigned(contract)] == [world.partners[-1].id]
    with pytest.raises(Conflict):  # once per partner
        execution.sign_agreement(actor=reps[0], organisation=world.org, contract=contract)
    with pytest.raises(PermissionDenied):  # the admin represents no partner
        execution.sign_agreement(
            actor=world.user("admin"), organisation=world.org, contract=contract
        )
    execution.sign_agreement(actor=reps[-1], organisation=world.org, contract=contract)
    assert contract.status == "signed" and execution.is_executed(world.org)
    sha = contract.document.versions[-1].sha256
    assert {s.document_sha256 for s in execution.signatures(contract)} == {sha}
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.tag == "contract:agreement:sign")
    ).all()
    assert len(events) == 12 and events[0].diff["sha256"] == [None, sha]


def test_only_an_approved_agreement_is_signed(world):
    contract = db.session.get(Contract, approved_agreement(world)["contract_id"])
    contract.status = "in_review"
    with pytest.raises(Conflict):
        execution.sign_agreement(
            actor=world.user("member"), organisation=world.org, contract=contract
        )


def test_agreement_page_lists_who_has_not_signed(client, world, login_as):
    ids = approved_agreement(world)
    login_as(world.user("member"))
    url = f"/o/{world.org.slug}/contracts/{ids['contract_id']}"
    page = client.get(url).get_data(as_text=True)
    assert page.count('class="unsigned"') == 12 and 'id="sign-agreement"' in page
    assert client.post(f"{url}/agreement-sign").status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert page.count('class="unsigned"') == 11 and page.count('class="signed"') == 1
    assert 'id="sign-agreement"' not in page


def test_the_partner_register_says_whether_the_agreement_is_executed(client, world, login_as):
    contract = db.session.get(Contract, approved_agreement(world)["contract_id"])
    reps = _reps(world)
    for rep in reps[:-1]:
        execution.sign_agreement(actor=rep, organisation=world.org, contract=contract)
    db.session.commit()
    login_as(world.user("observer"))
    client.post("/locale/en")
    page = client.get(f"/o/{world.org.slug}/partners/").get_data(as_text=True)
    assert "not executed: 1 partner(s) have not signed yet" in page
    execution.sign_agreement(actor=reps[-1], organisation=world.org, contract=contract)
    db.session.commit()
    page = client.get(f"/o/{world.org.slug}/partners/").get_data(as_text=True)
    assert "executed: signed by every partner on" in page
