"""Several items on the page; corrected invoices (修正インボイス, Consumption Tax Act 57-4(4)):
a new number naming the original, the original kept and marked, its entry reversed; cancelled
invoices; refusals that change nothing."""

import pytest
from sqlalchemy import select

from llp_gov.documents.models import Document
from llp_gov.errors import Conflict, ValidationError
from llp_gov.extensions import db
from llp_gov.invoices import corrections, services
from llp_gov.invoices.models import Invoice
from llp_gov.ledger.models import JournalEntry
from tests.factories import CounterpartyFactory
from tests.invoices.test_invoices import ITEMS, D, issue, register_all


@pytest.fixture
def ready(world):
    register_all(world)
    services.record_notice(
        actor=world.user("accountant"), organisation=world.org, filed_on=D(2025, 4, 1)
    )
    db.session.commit()
    return world


def _reversal_of(entry_id):
    return db.session.scalar(select(JournalEntry).where(JournalEntry.reverses_id == entry_id))


def test_the_page_issues_an_invoice_with_several_items(ready, client, login_as):
    login_as(ready.user("accountant"))
    cp = CounterpartyFactory(organisation_id=ready.org.id)
    db.session.commit()
    data = {
        "issuing_partner_id": ready.partners[0].id,
        "counterparty_id": cp.id,
        "transaction_date": "2025-06-30",
        "reference": "第1マイルストーン",
    }
    for i, item in enumerate(ITEMS):
        data |= {f"items-{i}-{k}": item[k] for k in ("description", "quantity", "unit_price")}
        data[f"items-{i}-rate"] = item["rate"]
    data |= {"items-3-description": "", "items-3-unit_price": "", "items-4-description": ""}
    resp = client.post(f"/o/{ready.org.slug}/invoices", data=data)
    assert resp.status_code == 302
    invoice = db.session.scalar(select(Invoice).where(Invoice.organisation_id == ready.org.id))
    assert [i.description for i in invoice.items] == [i["description"] for i in ITEMS]
    assert invoice.tax == 10_100 + 622  # one rounding per rate over the three items
    page = client.get(f"/o/{ready.org.slug}/invoices").get_data(as_text=True)
    assert page.count('name="items-') >= 5 * 4  # several item rows to fill


def test_a_correction_names_the_original_which_is_kept_and_marked(ready):
    original = issue(ready)
    db.session.commit()
    original_doc = db.session.get(Document, original.document_id)
    original_bytes_sha = original_doc.latest.sha256
    fixed = [dict(ITEMS[0], unit_price=30_000), ITEMS[1]]
    corrected = corrections.correct_invoice(
        actor=ready.user("accountant"), organisation=ready.org, invoice_id=original.id,
        items=fixed, reason="単価の誤り",
    )  # fmt: skip
    db.session.commit()
    assert corrected.number == 2 and corrected.corrects_id == original.id
    assert corrected.status == "issued" and corrected.total == (90_000 + 1_001) * 110 // 100
    assert (original.status, original.reason) == ("corrected", "単価の誤り")
    # The original's PDF is untouched; the corrected one is a new document naming it.
    assert len(original_doc.versions) == 1 and original_doc.latest.sha256 == original_bytes_sha
    new_doc = db.session.get(Document, corrected.document_id)
    assert "修正" in new_doc.title and "No.1" in new_doc.title
    # The books: the original's entry reversed, the corrected total posted.
    reversal = _reversal_of(original.entry_id)
    assert reversal is not None and reversal.entry_date == corrected.issued_on
    entry = db.session.get(JournalEntry, corrected.entry_id)
    assert entry.lines[0].debit == corrected.total
    with pytest.raises(Conflict):
        corrections.correct_invoice(
            actor=ready.user("accountant"), organisation=ready.org, invoice_id=original.id,
            items=fixed, reason="again",
        )  # fmt: skip


def test_a_correction_without_a_reason_or_items_changes_nothing(ready):
    original = issue(ready)
    db.session.commit()
    count = db.session.query(JournalEntry).count()
    for kw in ({"items": ITEMS, "reason": " "}, {"items": [], "reason": "x"}):
        with pytest.raises(ValidationError):
            corrections.correct_invoice(
                actor=ready.user("accountant"), organisation=ready.org, invoice_id=original.id,
                **kw,
            )  # fmt: skip
        db.session.rollback()
    assert db.session.get(Invoice, original.id).status == "issued"
    assert db.session.query(JournalEntry).count() == count
    assert db.session.query(Invoice).count() == 1


def test_cancel_and_correct_from_the_pages(ready, client, login_as):
    first, second = issue(ready), issue(ready)
    db.session.commit()
    login_as(ready.user("accountant"))
    slug = ready.org.slug
    form = client.get(f"/o/{slug}/invoices/{first.id}/correction").get_data(as_text=True)
    assert ITEMS[0]["description"] in form  # the original's items to start from
    resp = client.post(
        f"/o/{slug}/invoices/{first.id}/correction",
        data={"reason": "数量の誤り", "items-0-description": "設計業務", "items-0-quantity": 2,
              "items-0-unit_price": 33_333, "items-0-rate": 10},
    )  # fmt: skip
    assert resp.status_code == 302
    assert db.session.get(Invoice, first.id).status == "corrected"
    empty = client.post(f"/o/{slug}/invoices/{second.id}/cancellation", data={"reason": ""})
    assert empty.status_code == 303 and db.session.get(Invoice, second.id).status == "issued"
    resp = client.post(f"/o/{slug}/invoices/{second.id}/cancellation", data={"reason": "二重発行"})
    assert resp.status_code == 302
    cancelled = db.session.get(Invoice, second.id)
    assert cancelled.status == "cancelled" and _reversal_of(cancelled.entry_id) is not None
    page = client.get(f"/o/{slug}/invoices").get_data(as_text=True)
    assert 'data-status="cancelled"' in page and 'data-status="corrected"' in page
    assert "二重発行" in page


def test_api_corrects_and_cancels(ready, client, token_for):
    first, second = issue(ready), issue(ready)
    db.session.commit()
    h = token_for(ready.user("accountant"))
    slug = ready.org.slug
    resp = client.post(
        f"/api/v1/orgs/{slug}/invoices/{first.id}/correction",
        json={"reason": "単価の誤り", "items": [{"description": "設計業務", "unit_price": 1000}]},
        headers=h,
    )
    assert resp.status_code == 201, resp.json
    assert resp.json["corrects_id"] == first.id and resp.json["total"] == 1_100
    resp = client.post(
        f"/api/v1/orgs/{slug}/invoices/{second.id}/cancellation",
        json={"reason": "誤発行"},
        headers=h,
    )
    assert resp.status_code == 200 and resp.json["status"] == "cancelled"
    again = client.post(
        f"/api/v1/orgs/{slug}/invoices/{second.id}/cancellation",
        json={"reason": "誤発行"},
        headers=h,
    )
    assert again.status_code == 409
