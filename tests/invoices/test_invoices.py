"""Qualified invoices: refused while a partner is unregistered or the notice is not filed (the
partners named), issued when all are; numbered per organisation; one rounding per rate; stored
as a document with its Electronic Bookkeeping Act keys; posted to accounts receivable."""

import datetime as dt

import pytest

from llp_gov.documents.models import Document
from llp_gov.errors import ValidationError
from llp_gov.extensions import db
from llp_gov.invoices import services
from llp_gov.ledger.models import JournalEntry
from llp_gov.partners.identifiers import corporate_number_check_digit
from tests.factories import CounterpartyFactory

D = dt.date


def t_number(n: int) -> str:
    base = f"{100000000000 + n:012d}"
    return f"T{corporate_number_check_digit(base)}{base}"


START = D(2025, 4, 1)


def register_all(world, on=START, skip=()):
    for i, p in enumerate(world.partners):
        if i in skip:
            continue
        services.register_partner(
            actor=world.user("accountant"),
            organisation=world.org,
            partner_id=p.id,
            t_number=t_number(i),
            registered_from=on,
        )


ITEMS = [
    {"description": "設計業務 第1マイルストーン", "quantity": 3, "unit_price": 33_333, "rate": 10},
    {"description": "資料代", "quantity": 1, "unit_price": 1_001, "rate": 10},
    {"description": "会議用弁当", "quantity": 7, "unit_price": 1_111, "rate": 8},
]


def issue(world, **kw):
    cp = kw.pop("counterparty", None) or CounterpartyFactory(organisation_id=world.org.id)
    return services.issue_invoice(
        actor=world.user("accountant"),
        organisation=world.org,
        issuing_partner_id=world.partners[0].id,
        counterparty_id=cp.id,
        transaction_date=kw.pop("on", D(2025, 6, 30)),
        items=kw.pop("items", ITEMS),
        reference="契約 第1マイルストーン",
        **kw,
    )


def test_refused_with_the_unregistered_partners_named_then_issued(world):
    register_all(world, skip=(3, 7))
    with pytest.raises(ValidationError) as exc:
        issue(world)
    message = exc.value.message
    assert all(world.partners[i].display_name("en") in message for i in (3, 7))
    assert "notice" in message and "57-6" in message
    assert db.session.query(JournalEntry).count() == 0
    for i in (3, 7):
        services.register_partner(
            actor=world.user("accountant"),
            organisation=world.org,
            partner_id=world.partners[i].id,
            t_number=t_number(i),
            registered_from=D(2025, 4, 1),
        )
    with pytest.raises(ValidationError) as exc:
        issue(world)
    assert "notice" in exc.value.message
    services.record_notice(
        actor=world.user("accountant"), organisation=world.org, filed_on=D(2025, 5, 1)
    )
    invoice = issue(world)
    db.session.commit()
    assert invoice.number == 1 and invoice.t_number == t_number(0)


def test_one_rounding_per_rate_numbering_document_and_journal(world):
    register_all(world)
    services.record_notice(
        actor=world.user("accountant"), organisation=world.org, filed_on=D(2025, 4, 1)
    )
    cp = CounterpartyFactory(organisation_id=world.org.id, name="株式会社ソウル商事")
    invoice = issue(world, counterparty=cp)
    db.session.commit()
    # 10%: 99,999 + 1,001 = 101,000 -> tax 10,100; 8%: 7,777 -> 622.16 -> 622 (once per rate;
    # rounding each line would give 3,333 + 100 + 622 = 4,055 on the 10% lines instead).
    assert invoice.subtotal == 101_000 + 7_777
    assert invoice.tax == 10_100 + 622
    assert invoice.total == 108_777 + 10_722
    assert services.tax_by_rate(
        [
            {"rate": 10, "amount": 99_999},
            {"rate": 10, "amount": 1_001},
            {"rate": 8, "amount": 7_777},
        ]
    ) == {10: {"amount": 101_000, "tax": 10_100}, 8: {"amount": 7_777, "tax": 622}}
    doc = db.session.get(Document, invoice.document_id)
    assert doc.doc_type == "invoice" and doc.amount == invoice.total
    assert doc.transaction_date == D(2025, 6, 30) and doc.counterparty_id == cp.id
    assert doc.latest.filename == "invoice-1.pdf"
    entry = db.session.get(JournalEntry, invoice.entry_id)
    assert [(ln.account.code, ln.debit, ln.credit) for ln in entry.lines] == [
        ("135", invoice.total, 0),
        ("410", 0, invoice.total),
    ]
    assert entry.document_id == doc.id
    second = issue(world, counterparty=cp, items=[ITEMS[0]])
    assert second.number == 2


def test_a_lapsed_registration_or_a_new_unregistered_partner_blocks(world):
    register_all(world)
    services.record_notice(
        actor=world.user("accountant"), organisation=world.org, filed_on=D(2025, 4, 1)
    )
    from llp_gov.invoices.models import InvoiceRegistration

    reg = db.session.query(InvoiceRegistration).filter_by(partner_id=world.partners[2].id).one()
    reg.registered_to = D(2025, 9, 30)
    db.session.flush()
    assert issue(world, on=D(2025, 9, 30)).number == 1
    with pytest.raises(ValidationError) as exc:
        issue(world, on=D(2025, 10, 1))
    assert world.partners[2].display_name("en") in exc.value.message


def test_bad_t_number_and_items_are_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.register_partner(
            actor=world.user("accountant"),
            organisation=world.org,
            partner_id=world.partners[0].id,
            t_number="T1234567890123",
            registered_from=D(2025, 4, 1),
        )
    assert "t_number" in exc.value.fields
    register_all(world)
    services.record_notice(
        actor=world.user("accountant"), organisation=world.org, filed_on=D(2025, 4, 1)
    )
    with pytest.raises(ValidationError):
        issue(world, items=[{"description": "x", "quantity": 1, "unit_price": 100, "rate": 5}])


def test_api_issues_and_refuses(world, client, token_for):
    h = token_for(world.user("accountant"))
    slug = world.org.slug
    cp = CounterpartyFactory(organisation_id=world.org.id)
    db.session.commit()
    body = {
        "issuing_partner_id": world.partners[0].id,
        "counterparty_id": cp.id,
        "transaction_date": "2025-06-30",
        "items": [{"description": "設計業務", "quantity": 1, "unit_price": 100_000}],
    }
    resp = client.post(f"/api/v1/orgs/{slug}/invoices", json=body, headers=h)
    assert resp.status_code == 422 and world.partners[0].display_name("en") in str(resp.json)
    for i, p in enumerate(world.partners):
        r = client.post(
            f"/api/v1/orgs/{slug}/invoice-registrations",
            json={"partner_id": p.id, "t_number": t_number(i), "registered_from": "2025-04-01"},
            headers=h,
        )
        assert r.status_code == 201, r.json
    assert (
        client.put(
            f"/api/v1/orgs/{slug}/invoice-notice", json={"filed_on": "2025-04-01"}, headers=h
        ).status_code
        == 200
    )
    resp = client.post(f"/api/v1/orgs/{slug}/invoices", json=body, headers=h)
    assert resp.status_code == 201, resp.json
    assert resp.json["total"] == 110_000 and resp.json["number"] == 1


def test_page_shows_the_problems_and_issues(world, client, login_as):
    login_as(world.user("accountant"))
    page = client.get(f"/o/{world.org.slug}/invoices")
    assert page.status_code == 200 and "data-invoice-problems" in page.get_data(as_text=True)


def test_registrations_and_the_notice_from_the_page(world, client, login_as):
    login_as(world.user("accountant"))
    slug = world.org.slug
    for i, p in enumerate(world.partners):
        resp = client.post(
            f"/o/{slug}/invoices/registrations",
            data={"partner_id": p.id, "t_number": t_number(i), "registered_from": "2025-04-01"},
        )
        assert resp.status_code == 302, resp.data[:300]
    assert (
        client.post(f"/o/{slug}/invoices/notice", data={"filed_on": "2025-04-01"}).status_code
        == 302
    )
    assert services.problems(world.org, D(2025, 6, 30)) == []
    bad = client.post(
        f"/o/{slug}/invoices/registrations",
        data={
            "partner_id": world.partners[0].id,
            "t_number": "T1",
            "registered_from": "2025-04-01",
        },
    )
    assert bad.status_code == 303


def test_list_and_print_show_names_and_dates_not_ids(world, client, login_as):
    """Issue 12 item 1: the list names the counterparty in the reader's language and writes the
    date in the reader's locale; the printed invoice writes Japanese dates (2025年6月30日)."""
    from flask import current_app

    register_all(world)
    services.record_notice(
        actor=world.user("accountant"), organisation=world.org, filed_on=D(2025, 4, 1)
    )
    cp = CounterpartyFactory(
        organisation_id=world.org.id,
        name="北九州市産業経済局",
        name_en="Kitakyushu City Industrial Economy Bureau",
    )
    invoice = issue(world, counterparty=cp)
    db.session.commit()
    login_as(world.user("accountant"))
    page = client.get(f"/o/{world.org.slug}/invoices").get_data(as_text=True)
    row = page.split(f'data-invoice="{invoice.number}"')[1].split("</tr>")[0]
    assert "Kitakyushu City Industrial Economy Bureau" in row
    assert f'<td>{cp.id}</td><td class="num">' not in row
    assert "Jun 30, 2025" in row and "2025-06-30" not in row
    html = current_app.jinja_env.get_template("invoices/invoice_print.html").render(
        invoice=invoice, org=world.org, partner=world.partners[0], counterparty=cp,
        by_rate=services.tax_by_rate([{"rate": i["rate"], "amount": i["quantity"] * i["unit_price"]} for i in ITEMS]),
        lang="ja",
    )  # fmt: skip
    assert "2025年6月30日" in html and "2025-06-30" not in html
