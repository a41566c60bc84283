"""The demo's books: the closed FY2024 has its statements issued (no overdue FY2024 deadline
right after loading), signed with the demo's trial key; April 2025's commission is a qualified
invoice issued once every partner was registered; the Seoul league shows why it cannot issue."""

from sqlalchemy import select

from llp_gov.extensions import db
from llp_gov.invoices import services as invoices
from llp_gov.invoices.models import Invoice
from llp_gov.ledger import books, issuing
from llp_gov.ledger import financial_statements as fin
from llp_gov.legaltime import today_in
from llp_gov.orgs.models import Organisation
from llp_gov.signing.verify import verify_pdf_signatures


def test_the_demo_issues_its_closed_years_statements_and_an_invoice(app, tmp_path):
    from llp_gov.demo import services as demo

    app.config["DEMO_MODE"] = True
    app.instance_path = str(tmp_path)
    demo.load(password="demo-password")
    db.session.commit()
    klic = db.session.scalar(select(Organisation).where(Organisation.slug == "klic"))
    sicam = db.session.scalar(select(Organisation).where(Organisation.slug == "sicam"))
    pending = fin.pending_deadlines(klic, today_in(klic))
    assert not [d for d in pending if d["year"] == 2024]
    # Issue 12 item 2: FY2025 (ended 2026-03-31) is closed and its statements issued too:
    # nothing overdue right after loading.
    assert not [d for d in pending if d["overdue"]]
    assert books.get_fiscal_year(klic, 2025).is_closed
    assert issuing.issued_pdf(klic, books.get_fiscal_year(klic, 2025), "financial_statements")
    # Issue 12 item 3: the partner admitted after the effective date is registered as an
    # issuer, so the demo can issue invoices today.
    assert invoices.problems(klic, today_in(klic)) == []
    fy = books.get_fiscal_year(klic, 2024)
    pdf = issuing.issued_pdf(klic, fy, "financial_statements")
    signature = verify_pdf_signatures(pdf)[0]
    assert signature["kind"] == "signature" and signature["ok"]
    filing = fin.filing(klic, fy, "partner_income")
    assert len(filing.documents) == 12
    invoice = db.session.scalar(select(Invoice).where(Invoice.organisation_id == klic.id))
    assert invoice.number == 1 and len(invoice.items) == 2
    assert (invoice.subtotal, invoice.tax, invoice.total) == (1_500_000, 150_000, 1_650_000)
    assert invoice.entry_id is not None and invoice.document_id is not None
    # The Seoul league's partners are not registered issuers: the page says so.
    problems = invoices.problems(sicam, today_in(sicam))
    assert problems and any("57-6" in p or "registered" in p for p in problems)
