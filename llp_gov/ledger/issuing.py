"""Issuing a closed year's statutory statements: the financial statements (LLP Act 31(2), within
two months of the year end) and every partner's 組合員所得に関する計算書 (Income Tax Act 227-2,
by 31 January). Issuing renders the Japanese PDFs, signs each with the organisation's PAdES seal
when it has a key (llp_gov.signing.services.sign_for_issue: B-T with the TSA, B-LTA kept for
restamping), stores each as a document, and records the year's filing so the dashboard deadline
goes away. Later downloads serve the issued, signed copies."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from llp_gov.auth import policy
from llp_gov.db import db
from llp_gov.documents import services as documents
from llp_gov.documents import storage
from llp_gov.documents.models import Document
from llp_gov.errors import ValidationError
from llp_gov.ledger import financial_statements as fin
from llp_gov.ledger import partner_income as pi
from llp_gov.ledger import statements_output
from llp_gov.ledger.models import FILING_KINDS, FiscalYear, StatementFiling
from llp_gov.signing import services as signing

STATEMENTS_KEY = "statements"


def _store(*, actor, organisation, fy: FiscalYear, pdf: bytes, title: str, filename: str, reason):
    """Sign `pdf` (when the organisation has a key), store it as a document dated the year end
    and record the signature; returns the document id."""
    data, level = signing.sign_for_issue(pdf, organisation=organisation, reason=reason)
    doc = documents.create_document(
        actor=actor,
        organisation=organisation,
        title=title,
        doc_type="other",
        data=data,
        filename=filename,
        transaction_date=fy.ends_on,
    )
    if level is not None and doc.latest is not None:
        signing.record_signed(
            actor=actor,
            organisation=organisation,
            version=doc.latest,
            purpose="ledger:statements",
            level=level,
        )
    return doc.id


def issue_statements(*, actor, organisation, year: int, kind: str) -> StatementFiling:
    """Issue the statements of `kind` ("financial_statements" or "partner_income") for the
    closed fiscal year `year` (named by the calendar year it starts in): one signed PDF of the
    financial statements, or one per partner of the year (joined or left included), in
    Japanese; stored as documents and recorded on the year's StatementFiling (`documents`).

    Raises ValidationError (unknown kind, open year), NotFound (no such year), Conflict (already
    issued), PermissionDenied (needs ledger:close)."""
    policy.require(actor, organisation, "ledger:close")
    if kind not in FILING_KINDS:
        raise ValidationError(kind=_("Unknown kind of statements."))
    filing = fin.mark_prepared(actor=actor, organisation=organisation, year=year, kind=kind)
    fy = db.session.get(FiscalYear, filing.fiscal_year_id)
    assert fy is not None
    issued: dict[str, int] = {}
    with force_locale("ja"):
        if kind == "financial_statements":
            fs = fin.financial_statements(
                actor=actor, organisation=organisation, year=year, locale="ja"
            )
            pdf = statements_output.render_financial_statements_pdf(fs, locale="ja")
            issued[STATEMENTS_KEY] = _store(
                actor=actor, organisation=organisation, fy=fy, pdf=pdf,
                title=f"財務諸表 {fy.year}年度 {organisation.name}",
                filename=f"{organisation.slug}-financial-statements-{fy.year}.pdf",
                reason=f"財務諸表 {fy.year}年度",
            )  # fmt: skip
        else:
            data = pi.partner_income(actor=actor, organisation=organisation, year=year)
            for st in data["statements"]:
                partner = st["partner"]
                pdf = pi.render_partner_income_pdf(data, partner.id, locale="ja")
                issued[str(partner.id)] = _store(
                    actor=actor, organisation=organisation, fy=fy, pdf=pdf,
                    title=f"組合員所得に関する計算書 {fy.year}年度 {partner.name}",
                    filename=f"{organisation.slug}-partner-income-{fy.year}-{partner.id}.pdf",
                    reason=f"組合員所得に関する計算書 {fy.year}年度",
                )  # fmt: skip
    filing.documents = issued
    db.session.flush()
    return filing


def issued_pdf(organisation, fy: FiscalYear, kind: str, key: str = STATEMENTS_KEY) -> bytes | None:
    """The issued PDF of the year's statements of `kind` (`key`: "statements" or a partner id
    as text), or None before they are issued."""
    filing = fin.filing(organisation, fy, kind)
    doc_id = (filing.documents or {}).get(key) if filing is not None else None
    if doc_id is None:
        return None
    doc = db.session.get(Document, doc_id)
    if doc is None or doc.organisation_id != organisation.id or doc.latest is None:
        return None
    return storage.read(doc.latest.sha256)
