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
