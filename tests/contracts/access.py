from tests.access import EVERYONE, Rule

DRAFTERS = {"chairman", "member"}


def contract(world):
    from llp_gov.contracts import services

    city = world.counterparty
    c = services.create_contract(
        actor=world.users["member"],
        organisation=world.org,
        title="T",
        contract_type="mou",
        language="ja",
        tax_treatment="out_of_scope",
        parties=[{"kind": "organisation"}, {"kind": "counterparty", "counterparty_id": city.id}],
        clauses=[{"title": {"ja": "目的"}, "body": {"ja": "協力する。"}}],
    )
    from llp_gov.extensions import db

    db.session.commit()
    return {"contract_id": c.id}


RULES = {
    ("GET", "contracts.index"): Rule("/o/{slug}/contracts/", EVERYONE),
    ("GET", "contracts.create"): Rule("/o/{slug}/contracts/new", DRAFTERS),
    ("POST", "contracts.create"): Rule("/o/{slug}/contracts/new", DRAFTERS),
    ("GET", "contracts.detail"): Rule(
        "/o/{slug}/contracts/{contract_id}", EVERYONE, params=contract
    ),
    ("GET", "contracts.pdf"): Rule(
        "/o/{slug}/contracts/{contract_id}/pdf", EVERYONE, params=contract
    ),
    ("POST", "contracts.submit"): Rule(
        "/o/{slug}/contracts/{contract_id}/submit", DRAFTERS, params=contract
    ),
    ("POST", "contracts.approve"): Rule(
        "/o/{slug}/contracts/{contract_id}/approve", {"chairman"}, params=contract
    ),
    ("POST", "contracts.send_back"): Rule(
        "/o/{slug}/contracts/{contract_id}/send-back", {"chairman"}, params=contract
    ),
    ("POST", "contracts.generate_agreement"): Rule("/o/{slug}/contracts/agreement", DRAFTERS),
    ("GET", "contracts_api.Contracts"): Rule("/api/v1/orgs/{slug}/contracts", EVERYONE, api=True),
    ("POST", "contracts_api.Contracts"): Rule("/api/v1/orgs/{slug}/contracts", DRAFTERS, api=True),
    ("GET", "contracts_api.ContractItem"): Rule(
        "/api/v1/orgs/{slug}/contracts/{contract_id}", EVERYONE, api=True, params=contract
    ),
    ("GET", "contracts_api.ContractPdf"): Rule(
        "/api/v1/orgs/{slug}/contracts/{contract_id}/pdf", EVERYONE, api=True, params=contract
    ),
}


def approved(world):
    """A contract at 'approved', so that signing can succeed for the first allowed role."""
    from llp_gov.contracts import lifecycle, services
    from llp_gov.extensions import db

    ids = contract(world)
    c = services.get_contract(
        actor=world.users["chairman"], organisation=world.org, contract_id=ids["contract_id"]
    )
    lifecycle.submit_for_review(actor=world.users["member"], organisation=world.org, contract=c)
    lifecycle.approve(actor=world.users["chairman"], organisation=world.org, contract=c)
    db.session.commit()
    return ids


def _on(path: str, allowed, *, api=False, params=contract, **kw) -> Rule:
    prefix = (
        "/api/v1/orgs/{slug}/contracts/{contract_id}"
        if api
        else "/o/{slug}/contracts/{contract_id}"
    )
    return Rule(prefix + path, allowed, api=api, params=params, **kw)


RULES |= {
    ("GET", "contracts.edit"): _on("/edit", DRAFTERS),
    ("POST", "contracts.edit"): _on("/edit", DRAFTERS),
    ("POST", "contracts.sign"): _on("/sign", DRAFTERS, params=approved),
    ("POST", "contracts.activate"): _on("/activate", DRAFTERS),
    ("POST", "contracts.expire"): _on("/expire", DRAFTERS),
    ("POST", "contracts.terminate"): _on("/terminate", {"chairman"}),
    ("PATCH", "contracts_api.ContractItem"): _on("", DRAFTERS, api=True),
    ("POST", "contracts_api.ContractSubmit"): _on("/submit", DRAFTERS, api=True),
    ("POST", "contracts_api.ContractApprove"): _on("/approve", {"chairman"}, api=True),
    ("POST", "contracts_api.ContractSendBack"): _on("/send-back", {"chairman"}, api=True),
    ("POST", "contracts_api.ContractSignedCopy"): _on("/signed-copy", DRAFTERS, api=True),
    ("POST", "contracts_api.ContractActivate"): _on("/activate", DRAFTERS, api=True),
    ("POST", "contracts_api.ContractExpire"): _on("/expire", DRAFTERS, api=True),
    ("POST", "contracts_api.ContractTerminate"): _on("/terminate", {"chairman"}, api=True),
}


def feed_token(world):
    """A live calendar feed token of the chairman (the token alone grants the feed)."""
    from llp_gov.contracts import reminders
    from llp_gov.extensions import db

    token = reminders.issue_calendar_token(actor=world.users["chairman"], organisation=world.org)
    db.session.commit()
    return {"token": token}


RULES |= {
    ("POST", "contracts.renewal"): _on("/renewal", DRAFTERS),
    ("GET", "contracts.deadlines"): Rule("/o/{slug}/contracts/deadlines", EVERYONE),
    ("POST", "contracts.calendar_issue"): Rule("/o/{slug}/contracts/calendar", EVERYONE),
    ("POST", "contracts.calendar_revoke"): Rule("/o/{slug}/contracts/calendar/revoke", EVERYONE),
    ("GET", "contracts.calendar_feed"): Rule(
        "/o/{slug}/contracts/calendar/{token}.ics", EVERYONE, public=True, params=feed_token
    ),
}

RULES |= {
    ("PUT", "contracts_api.ContractRenewal"): _on(
        "/renewal", DRAFTERS, api=True, data={"auto_renew": False, "notice_period_months": 1}
    ),
    ("GET", "contracts_api.ContractDeadlines"): Rule(
        "/api/v1/orgs/{slug}/contracts/deadlines", EVERYONE, api=True
    ),
}


def approved_agreement(world):
    """The partnership agreement, approved, ready for the partners' signatures."""
    from llp_gov.contracts import lifecycle
    from llp_gov.contracts.agreement import generate_partnership_agreement
    from llp_gov.extensions import db
    from tests.contracts.test_agreement import _contribute

    _contribute(world, world.partners)
    c = generate_partnership_agreement(actor=world.users["chairman"], organisation=world.org)
    lifecycle.submit_for_review(actor=world.users["chairman"], organisation=world.org, contract=c)
    lifecycle.approve(actor=world.users["chairman"], organisation=world.org, contract=c)
    db.session.commit()
    return {"contract_id": c.id}


RULES |= {
    # Only a partner's designated representative signs (chairman, member and accountant are).
    ("POST", "contracts.agreement_sign"): _on(
        "/agreement-sign", {"chairman", "member", "accountant"}, params=approved_agreement
    ),
}

RULES |= {
    ("POST", "contracts.execution_method"): _on(
        "/execution", DRAFTERS, data={"execution": "electronic"}
    ),
}
