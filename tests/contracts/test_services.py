"""Drafting, validation, the status machine and its permissions, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from llp_gov.audit.models import AuditEvent
from llp_gov.contracts import lifecycle, services
from llp_gov.contracts.models import Contract, ContractParty
from llp_gov.contracts.printing import render_contract_pdf
from llp_gov.contracts.validation import compute_tax
from llp_gov.errors import Conflict, NotFound, PermissionDenied, ValidationError
from llp_gov.extensions import db
from tests.contracts.helpers import city_and_league, commission_data


def draft(world, actor=None, **overrides):
    city, _seoul = city_and_league(world)
    data = commission_data(world, city, **overrides)
    return services.create_contract(
        actor=actor or world.user("member"), organisation=world.org, **data
    )


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_member_drafts_with_numbering_per_org_and_year(world):
    first = draft(world)
    city = first.parties[0].counterparty_id
    second = services.create_contract(
        actor=world.user("chairman"),
        organisation=world.org,
        **commission_data(world, type("C", (), {"id": city})(), title="第二契約"),
    )
    year = first.year
    assert first.number == f"KLIC-TEST-{year}-0001"
    assert second.number == f"KLIC-TEST-{year}-0002"
    assert first.status == "draft"
    assert [p.name for p in first.parties] == ["北九州市", world.org.name]
    assert first.parties[0].name_ko == "기타큐슈시"
    tags = db.session.scalars(
        select(AuditEvent.tag).where(AuditEvent.target_id == str(first.id))
    ).all()
    assert "contract:create" in tags


@pytest.mark.parametrize(
    ("treatment", "excl", "tax", "incl"),
    [
        ("taxable_10", 1_000_001, 100_000, 1_100_001),  # 100,000.1 rounds down
        ("reduced_8", 45_000_000, 3_600_000, 48_600_000),
        ("export_exempt", 48_600_000, 0, 48_600_000),
        ("non_taxable", 10, 0, 10),
        ("out_of_scope", 10, 0, 10),
    ],
)
def test_consumption_tax_is_rounded_down_to_whole_yen(treatment, excl, tax, incl):
    assert compute_tax(excl, treatment) == (tax, incl)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"parties": []}, "parties"),
        ({"end_date": dt.date(2026, 1, 1)}, "end_date"),
        ({"amount_excl_tax": -1, "milestones": []}, "amount_excl_tax"),
        ({"amount_excl_tax": 1000.5, "milestones": []}, "amount_excl_tax"),
        ({"contract_type": "lease"}, "contract_type"),
        ({"tax_treatment": "vat_20"}, "tax_treatment"),
        ({"language": "fr"}, "language"),
        ({"clauses": [{"title": {"ja": "x"}, "body": {"ja": "本文"}}]}, "clauses.0.body.en"),
        ({"milestones": [{"due_date": "2027-01-01", "amount": 1}]}, "milestones"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(world, overrides, field):
    city, _seoul = city_and_league(world)
    data = commission_data(world, city, **overrides)
    before = (count(Contract), count(ContractParty), count(AuditEvent))
    with pytest.raises(ValidationError) as excinfo:
        services.create_contract(actor=world.user("member"), organisation=world.org, **data)
    assert field in excinfo.value.fields
    assert excinfo.value.fields[field]
    assert (count(Contract), count(ContractParty), count(AuditEvent)) == before


def test_counterparty_of_another_organisation_is_refused(world):
    from tests import factories as f

    foreign = f.CounterpartyFactory(organisation_id=world.other_org.id)
    _city, _ = city_and_league(world)
    data = commission_data(world, foreign)
    with pytest.raises(ValidationError) as excinfo:
        services.create_contract(actor=world.user("member"), organisation=world.org, **data)
    assert "parties.0.counterparty_id" in excinfo.value.fields


def test_only_the_chairman_approves(world):
    contract = draft(world)
    lifecycle.submit_for_review(
        actor=world.user("member"), organisation=world.org, contract=contract
    )
    for role in ("member", "admin", "accountant", "observer"):
        with pytest.raises(PermissionDenied):
            lifecycle.approve(actor=world.user(role), organisation=world.org, contract=contract)
    assert contract.status == "in_review"
    lifecycle.approve(actor=world.user("chairman"), organisation=world.org, contract=contract)
    assert contract.status == "approved"
    assert contract.approved_by == world.user("chairman").id


def test_observer_and_admin_cannot_draft_and_outsiders_see_nothing(world):
    contract = draft(world)
    for role in ("observer", "admin", "accountant"):
        with pytest.raises(PermissionDenied):
            draft(world, actor=world.user(role))
    with pytest.raises(NotFound):
        services.get_contract(
            actor=world.other_users["chairman"], organisation=world.org, contract_id=contract.id
        )
    with pytest.raises(NotFound):
        services.get_contract(
            actor=world.other_users["chairman"],
            organisation=world.other_org,
            contract_id=contract.id,
        )


def test_lifecycle_to_active_and_terminated_is_audited(world):
    contract = draft(world)
    member, chairman = world.user("member"), world.user("chairman")
    lifecycle.submit_for_review(actor=member, organisation=world.org, contract=contract)
    with pytest.raises(Conflict):
        services.update_contract(actor=member, organisation=world.org, contract=contract, title="x")
    lifecycle.send_back(
        actor=chairman, organisation=world.org, contract=contract, reason="金額を確認"
    )
    services.update_contract(
        actor=member, organisation=world.org, contract=contract, title="改訂版"
    )
    lifecycle.submit_for_review(actor=member, organisation=world.org, contract=contract)
    lifecycle.approve(actor=chairman, organisation=world.org, contract=contract)
    with pytest.raises(Conflict):
        lifecycle.activate(actor=member, organisation=world.org, contract=contract)
    signed_copy = render_contract_pdf(contract, world.org, archive=False)
    lifecycle.record_signed(
        actor=member,
        organisation=world.org,
        contract=contract,
        data=signed_copy,
        filename="signed.pdf",
        signing_date=dt.date(2026, 11, 23),
    )
    assert contract.signed_document.versions[0].size == len(signed_copy)
    lifecycle.activate(actor=member, organisation=world.org, contract=contract)
    with pytest.raises(Conflict):
        lifecycle.expire(
            actor=member, organisation=world.org, contract=contract, today=dt.date(2027, 11, 30)
        )
    with pytest.raises(PermissionDenied):
        lifecycle.terminate(
            actor=member, organisation=world.org, contract=contract, reason="契約違反"
        )
    lifecycle.terminate(
        actor=chairman, organisation=world.org, contract=contract, reason="契約違反"
    )
    assert contract.status == "terminated"
    tags = db.session.scalars(
        select(AuditEvent.tag)
        .where(AuditEvent.target_id == str(contract.id))
        .order_by(AuditEvent.id)
    ).all()
    assert [t for t in tags if t.startswith("contract:")] == [
        "contract:create",
        "contract:in_review",
        "contract:draft",
        "contract:update",
        "contract:in_review",
        "contract:approved",
        "contract:signed",
        "contract:active",
        "contract:terminated",
    ]


def test_an_ended_contract_expires(world):
    contract = draft(world)
    contract.status = "active"
    lifecycle.expire(
        actor=world.user("member"),
        organisation=world.org,
        contract=contract,
        today=dt.date(2027, 12, 1),
    )
    assert contract.status == "expired"


def test_update_records_old_and_new_values(world):
    contract = draft(world)
    services.update_contract(
        actor=world.user("member"),
        organisation=world.org,
        contract=contract,
        tax_treatment="taxable_10",
    )
    assert contract.tax_amount == 4_860_000 and contract.amount_incl_tax == 53_460_000
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.tag == "contract:update").order_by(AuditEvent.id.desc())
    ).first()
    assert event.diff["tax_treatment"] == ["export_exempt", "taxable_10"]
    assert event.diff["amount_incl_tax"] == [48_600_000, 53_460_000]
