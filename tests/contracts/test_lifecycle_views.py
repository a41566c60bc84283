"""The later lifecycle on the pages: edit a draft sent back, sign, put into effect, expire, terminate."""

from __future__ import annotations

import datetime as dt
import html
import io

from llp_gov.contracts import lifecycle, services
from llp_gov.contracts.models import Contract
from llp_gov.documents.models import Document
from llp_gov.extensions import db
from tests.contracts.helpers import city_and_league, commission_data, signed_copy_pdf


def _draft(world, **overrides):
    city, _ = city_and_league(world)
    contract = services.create_contract(
        actor=world.user("member"),
        organisation=world.org,
        **commission_data(world, city, **overrides),
    )
    db.session.commit()
    return contract


def _at(world, contract, status):
    """Bring the contract to `status` through the services."""
    member, chairman, org = world.user("member"), world.user("chairman"), world.org
    steps = {
        "in_review": lambda: lifecycle.submit_for_review(
            actor=member, organisation=org, contract=contract
        ),
        "approved": lambda: lifecycle.approve(actor=chairman, organisation=org, contract=contract),
        "signed": lambda: lifecycle.record_signed(
            actor=member,
            organisation=org,
            contract=contract,
            data=signed_copy_pdf(),
            filename="signed.pdf",
            signing_date=dt.date(2026, 11, 23),
        ),
        "active": lambda: lifecycle.activate(actor=member, organisation=org, contract=contract),
    }
    for step, perform in steps.items():
        perform()
        if step == status:
            break
    db.session.commit()
    return contract


def _page(client, world, contract, path=""):
    resp = client.get(f"/o/{world.org.slug}/contracts/{contract.id}{path}")
    assert resp.status_code == 200
    return html.unescape(resp.data.decode())


def _post(client, world, contract, action, **data):
    resp = client.post(f"/o/{world.org.slug}/contracts/{contract.id}/{action}", data=data)
    assert resp.status_code == 302, resp.data.decode()[:1000]
    return _page(client, world, contract)  # follows to the detail page, with the flashed message


def test_a_draft_sent_back_is_edited_and_resubmitted(client, world, login_as):
    contract = _draft(world)
    _at(world, contract, "in_review")
    login_as(world.user("chairman"))
    page = _post(client, world, contract, "send-back", reason="金額を見直してください")
    assert "金額を見直してください" in page
    client.post("/logout")
    login_as(world.user("member"))
    form = _page(client, world, contract, "/edit")
    assert "金額を見直してください" in form and 'value="観光案内システム運用業務"' in form
    assert "甲は乙に対し" in form  # the first clause is the scope field
    resp = client.post(
        f"/o/{world.org.slug}/contracts/{contract.id}/edit",
        data={
            "title": "観光案内システム運用業務（改訂）",
            "contract_type": "commission",
            "language": "ja+en",
            "counterparty_id": contract.parties[0].counterparty_id,
            "counterparty_title": "市長",
            "counterparty_representative": "武内 和久",
            "own_title": "理事長",
            "own_representative": "山田 花子",
            "amount_excl_tax": "48600000",
            "tax_treatment": "taxable_10",
            "start_date": "2026-12-01",
            "end_date": "2027-11-30",
            "date_style": "wareki",
            "scope_ja": "甲は乙に対し、観光案内システムの運用及び保守を委託する。",
            "scope_en": "Party A commissions Party B to operate and maintain the system.",
        },
    )
    assert resp.status_code == 302, resp.data.decode()[:2000]
    contract = db.session.get(Contract, contract.id)
    assert contract.title == "観光案内システム運用業務（改訂）"
    assert contract.tax_amount == 4_860_000 and contract.amount_incl_tax == 53_460_000
    assert (
        contract.parties[0].name == "北九州市"
        and contract.parties[1].representative_name == "山田 花子"
    )
    assert contract.clauses[0]["body"]["ja"].endswith("運用及び保守を委託する。")
    page = _post(client, world, contract, "submit")
    assert db.session.get(Contract, contract.id).status == "in_review"


def test_bad_edit_shows_the_error_and_changes_nothing(client, world, login_as):
    contract = _draft(world, milestones=[])
    login_as(world.user("member"))
    resp = client.post(
        f"/o/{world.org.slug}/contracts/{contract.id}/edit",
        data={
            "title": "x",
            "contract_type": "commission",
            "language": "ja+en",
            "counterparty_id": contract.parties[0].counterparty_id,
            "tax_treatment": "taxable_10",
            "start_date": "2027-01-01",
            "end_date": "2026-01-01",
            "date_style": "wareki",
            "scope_ja": "a",
            "scope_en": "b",
        },
    )
    assert (
        resp.status_code == 200 and "The end date is before the start date." in resp.data.decode()
    )
    assert db.session.get(Contract, contract.id).title == "観光案内システム運用業務"


def test_only_a_draft_can_be_edited(client, world, login_as):
    contract = _at(world, _draft(world), "in_review")
    login_as(world.user("member"))
    resp = client.get(f"/o/{world.org.slug}/contracts/{contract.id}/edit")
    assert resp.status_code == 302
    page = _page(client, world, contract)
    assert "Only a draft can be edited. This contract is In review." in page
    assert 'id="edit-contract"' not in page


def test_sign_activate_terminate_with_the_buttons_each_role_sees(client, world, login_as):
    contract = _at(world, _draft(world), "approved")
    login_as(world.user("member"))
    page = _page(client, world, contract)
    assert 'id="sign-form"' in page and "/terminate" not in page
    resp = client.post(
        f"/o/{world.org.slug}/contracts/{contract.id}/sign",
        data={
            "signed_copy": (io.BytesIO(signed_copy_pdf()), "署名済.pdf"),
            "signing_date": "2026-11-23",
        },
        content_type="multipart/form-data",
    )
    assert resp.status_code == 302
    contract = db.session.get(Contract, contract.id)
    assert contract.status == "signed" and contract.signing_date == dt.date(2026, 11, 23)
    signed = db.session.get(Document, contract.signed_document_id)
    assert signed.organisation_id == world.org.id and signed.versions[0].filename == "署名済.pdf"
    page = _page(client, world, contract)
    assert 'id="signed-copy"' in page and "/activate" in page
    page = _post(client, world, contract, "activate")
    assert (
        "The contract is in effect." in page
        and db.session.get(Contract, contract.id).status == "active"
    )
    assert "/terminate" not in page and "/expire" in page  # the member may not terminate
    client.post("/logout")
    login_as(world.user("chairman"))
    assert "/terminate" in _page(client, world, contract)
    page = _post(client, world, contract, "terminate", reason="")
    assert "Give the reason for the termination." in page
    page = _post(client, world, contract, "terminate", reason="甲の予算打切り")
    contract = db.session.get(Contract, contract.id)
    assert contract.status == "terminated" and contract.status_reason == "甲の予算打切り"
    assert "The contract was terminated." in page


def test_roles_without_the_right_see_no_lifecycle_buttons(app, world):
    from tests.conftest import login

    contract = _at(world, _draft(world), "signed")
    for role in ("observer", "accountant", "admin"):
        c = app.test_client()
        assert login(c, world.user(role)).status_code == 302
        page = _page(c, world, contract)
        for action in ("/activate", "/terminate", "/expire", "/sign", "/edit"):
            assert f"{contract.id}{action}" not in page, (role, action)


def test_impossible_changes_are_refused_with_a_translated_reason(client, world, login_as):
    contract = _draft(world)
    member = world.user("member")
    member.locale = "ja"
    db.session.commit()
    login_as(member)
    page = _post(client, world, contract, "activate")
    assert "署名済みの契約のみ発効させることができます。" in page
    assert db.session.get(Contract, contract.id).status == "draft"
    member.locale = "en"
    db.session.commit()
    page = _post(client, world, contract, "expire")
    assert "Only an active contract can expire. This contract is Draft." in page


def test_a_signing_date_in_the_future_stores_nothing(client, world, login_as):
    contract = _at(world, _draft(world), "approved")
    documents_before = db.session.query(Document).count()
    login_as(world.user("member"))
    resp = client.post(
        f"/o/{world.org.slug}/contracts/{contract.id}/sign",
        data={
            "signed_copy": (io.BytesIO(signed_copy_pdf()), "s.pdf"),
            "signing_date": "2099-01-01",
        },
        content_type="multipart/form-data",
    )
    assert resp.status_code == 302
    assert "The signing date cannot be in the future." in _page(client, world, contract)
    assert db.session.get(Contract, contract.id).status == "approved"
    assert db.session.query(Document).count() == documents_before
    page = _post(client, world, contract, "sign", signing_date="2026-11-23")  # no file
    assert "Choose the signed copy." in page
    page = _post(client, world, contract, "sign")  # neither file nor date
    assert "Enter the date on which the parties signed." in page
    assert db.session.get(Contract, contract.id).status == "approved"


def test_an_active_contract_expires_after_its_end_date(client, world, login_as):
    contract = _at(world, _draft(world, end_date=dt.date(2027, 11, 30)), "active")
    login_as(world.user("member"))
    page = _post(client, world, contract, "expire")
    assert "The contract has not reached its end date." in page
    contract.start_date, contract.end_date = dt.date(2024, 1, 1), dt.date(2025, 3, 31)
    contract.milestones = []
    db.session.commit()
    page = _post(client, world, contract, "expire")
    assert (
        db.session.get(Contract, contract.id).status == "expired"
        and "The contract has expired." in page
    )


def _edit_form(contract, **changes):
    data = {
        "title": contract.title,
        "contract_type": contract.contract_type,
        "language": contract.language,
        "tax_treatment": contract.tax_treatment,
        "date_style": contract.date_style,
        "scope_ja": "両者は協力する。",
        "scope_ko": "양측은 협력한다.",
        "scope_en": "The parties cooperate.",
    }
    return data | changes


def test_editing_keeps_the_order_of_the_parties(client, world, login_as):
    from tests.contracts.test_pdf import _mou

    _, seoul = city_and_league(world)
    contract = _mou(world, seoul, "ja+ko")  # the LLP is 甲, the Seoul league 乙
    db.session.commit()
    login_as(world.user("member"))
    form = _page(client, world, contract, "/edit")
    assert 'value="김민수"' in form
    resp = client.post(
        f"/o/{world.org.slug}/contracts/{contract.id}/edit",
        data=_edit_form(
            contract,
            counterparty_id=seoul.id,
            counterparty_title="회장",
            counterparty_representative="이서연",
            own_title="理事長",
            own_representative="山田 太郎",
        ),
    )
    assert resp.status_code == 302, resp.data.decode()[:2000]
    contract = db.session.get(Contract, contract.id)
    assert [p.kind for p in contract.parties] == ["organisation", "counterparty"]
    assert contract.parties[1].representative_name == "이서연"
    assert contract.clauses[0]["body"] == {"ja": "両者は協力する。", "ko": "양측은 협력한다."}


def test_the_partnership_agreement_keeps_its_type_and_partners(client, world, login_as):
    from llp_gov.contracts.agreement import generate_partnership_agreement
    from tests.contracts.test_agreement import _contribute

    _contribute(world, world.partners)
    contract = generate_partnership_agreement(actor=world.user("chairman"), organisation=world.org)
    db.session.commit()
    login_as(world.user("member"))
    form = _page(client, world, contract, "/edit")
    assert "The parties of this contract are kept as they are." in form
    assert 'name="counterparty_id"' not in form and 'name="scope_ja"' not in form
    clauses = contract.clauses
    resp = client.post(
        f"/o/{world.org.slug}/contracts/{contract.id}/edit",
        data=_edit_form(contract, title="組合契約書（改訂）"),
    )
    assert resp.status_code == 302, resp.data.decode()[:2000]
    contract = db.session.get(Contract, contract.id)
    assert contract.title == "組合契約書（改訂）" and contract.contract_type == "partnership"
    assert len(contract.parties) == 12 and contract.clauses == clauses
