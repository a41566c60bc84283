"""Pages of the partners' income statements (組合員所得に関する計算書) of a closed year: the
list with the summary, a PDF per partner, the XLSX for review and the tax agency's record file."""

from __future__ import annotations

from flask import render_template
from flask_babel import get_locale
from flask_login import current_user, login_required

from llp_gov.exports import XLSX_MIMETYPE, download, xlsx_stream
from llp_gov.ledger import issuing, nta_record
from llp_gov.ledger import partner_income as pi
from llp_gov.ledger.blueprint import bp
from llp_gov.ledger.views_statements import not_closed_page
from llp_gov.legaltime import legal_timezone, today_in
from llp_gov.web import org_context


@bp.get("/o/<slug>/ledger/fiscal-years/<int:year>/partner-income")
@login_required
def partner_income(slug: str, year: int):
    org = org_context(slug, "ledger:read")
    page = not_closed_page(org, year, "partner_income")
    if page is not None:
        return page
    data = pi.partner_income(actor=current_user, organisation=org, year=year)
    return render_template(
        "ledger/partner_income.html", org=org, data=data, labels=pi.CATEGORY_LABELS_JA
    )


@bp.get("/o/<slug>/ledger/fiscal-years/<int:year>/partner-income/<int:partner_id>.pdf")
@login_required
def partner_income_pdf(slug: str, year: int, partner_id: int):
    org = org_context(slug, "ledger:read")
    page = not_closed_page(org, year, "partner_income")
    if page is not None:
        return page
    data = pi.partner_income(actor=current_user, organisation=org, year=year)
    pdf = issuing.issued_pdf(org, data["fiscal_year"], "partner_income", str(partner_id))
    if pdf is None:  # not issued yet: a draft in the reader's language
        pdf = pi.render_partner_income_pdf(data, partner_id, locale=str(get_locale()))
    return download(pdf, f"{org.slug}-partner-income-{year}-{partner_id}.pdf", "application/pdf")


@bp.get("/o/<slug>/ledger/fiscal-years/<int:year>/partner-income.<any(xlsx,csv):fmt>")
@login_required
def partner_income_file(slug: str, year: int, fmt: str):
    org = org_context(slug, "ledger:export")
    data = pi.partner_income(actor=current_user, organisation=org, year=year)
    if fmt == "xlsx":
        body = b"".join(xlsx_stream(pi.partner_income_sheets(data), tz=legal_timezone(org)))
        return download(body, f"{org.slug}-partner-income-{year}.xlsx", XLSX_MIMETYPE)
    body = nta_record.record_file(
        data, actor=current_user, made_on=today_in(org), phone=org.settings.get("phone", "")
    )
    # The standard names the file 354dat01.txt (one file per disc); the slug and year lead so
    # that a download folder keeps the years apart: rename it on the disc.
    return download(
        body, f"{org.slug}-{year}-{nta_record.FILE_NAME}", "text/plain; charset=shift_jis"
    )
