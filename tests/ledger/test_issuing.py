"""Issuing a closed year's statements: the financial statements and every partner's income
statement are rendered in Japanese, signed with the organisation's PAdES seal (validated here
with pyHanko against the local CA and TSA of tests/signing), stored as documents, and served as
the issued copies afterwards."""

import pytest
from sqlalchemy import select

from llp_gov.documents.models import Document
from llp_gov.errors import Conflict
from llp_gov.extensions import db
from llp_gov.ledger import financial_statements as fin
from llp_gov.ledger import issuing, services
from llp_gov.signing.models import SignedPdf
from llp_gov.signing.verify import verify_pdf_signatures
from tests.ledger.conftest import D, post

# The local CA, TSA and organisation key of the signing tests (imported fixtures).
from tests.signing.conftest import app_config, org_key, pki, tsa  # noqa: F401


@pytest.fixture
def closed(books):
    post(books, D(2025, 6, 1), "受託収入", ("135", 1_320_000, 0), ("410", 0, 1_320_000))
    post(books, D(2025, 9, 1), "外注費", ("510", 220_000, 0), ("112", 0, 220_000))
    services.close_fiscal_year(actor=books.user("accountant"), organisation=books.org, year=2025)
    db.session.commit()
    return books


def _assert_sealed(pdf: bytes, org) -> None:
    signature = verify_pdf_signatures(pdf)[0]
    assert signature["kind"] == "signature" and signature["ok"] and signature["trusted"]
    assert signature["signer"] == f"{org.name} signing"
    assert signature["timestamp_valid"] and not signature["changed_after_signing"]


@pytest.mark.usefixtures("org_key")
def test_financial_statements_are_issued_signed_and_served_signed(closed, login_as):
    filing = issuing.issue_statements(
        actor=closed.user("accountant"), organisation=closed.org, year=2025,
        kind="financial_statements",
    )  # fmt: skip
    db.session.commit()
    fy = fin.closed_year(closed.org, 2025)
    pdf = issuing.issued_pdf(closed.org, fy, "financial_statements")
    assert pdf is not None and pdf.startswith(b"%PDF")
    _assert_sealed(pdf, closed.org)
    doc = db.session.get(Document, filing.documents["statements"])
    assert doc.organisation_id == closed.org.id and doc.transaction_date == D(2026, 3, 31)
    assert db.session.scalar(select(SignedPdf).where(SignedPdf.document_id == doc.id))
    # The deadline is gone and the page's PDF is the issued, signed copy.
    assert {d["kind"] for d in fin.pending_deadlines(closed.org, D(2026, 5, 1))} == {
        "partner_income"
    }
    client = login_as(closed.user("member"))
    resp = client.get(f"/o/{closed.org.slug}/ledger/fiscal-years/2025/financial-statements.pdf")
    assert resp.status_code == 200 and resp.data == pdf
    with pytest.raises(Conflict):
        issuing.issue_statements(
            actor=closed.user("accountant"), organisation=closed.org, year=2025,
            kind="financial_statements",
        )  # fmt: skip


@pytest.mark.usefixtures("org_key")
def test_every_partner_statement_is_issued_signed(closed, client, login_as):
    login_as(closed.user("accountant"))
    resp = client.post(
        f"/o/{closed.org.slug}/ledger/fiscal-years/2025/statements-prepared/partner_income"
    )
    assert resp.status_code == 302
    fy = fin.closed_year(closed.org, 2025)
    filing = fin.filing(closed.org, fy, "partner_income")
    assert set(filing.documents) == {str(p.id) for p in closed.partners}
    partner = closed.partners[3]
    pdf = issuing.issued_pdf(closed.org, fy, "partner_income", str(partner.id))
    _assert_sealed(pdf, closed.org)
    resp = client.get(
        f"/o/{closed.org.slug}/ledger/fiscal-years/2025/partner-income/{partner.id}.pdf"
    )
    assert resp.data == pdf


def test_without_a_key_the_statements_are_issued_unsigned(closed):
    issuing.issue_statements(
        actor=closed.user("accountant"), organisation=closed.org, year=2025,
        kind="financial_statements",
    )  # fmt: skip
    pdf = issuing.issued_pdf(closed.org, fin.closed_year(closed.org, 2025), "financial_statements")
    assert pdf.startswith(b"%PDF") and verify_pdf_signatures(pdf) == []
