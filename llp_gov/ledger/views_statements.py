"""Pages of the financial statements of a closed year (page, PDF, XLSX) and the action that
marks a year's statutory statements prepared, on the ledger blueprint."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from llp_gov.exports import XLSX_MIMETYPE, download
from llp_gov.ledger import books, issuing, statements_output
from llp_gov.ledger import financial_statements as fin
from llp_gov.ledger.blueprint import bp
from llp_gov.legaltime import legal_timezone
from llp_gov.web import org_context, submit_form


def not_closed_page(org, year: int, what: str):
    """The friendly page for a known year that is not closed yet (with the link to close it),
    or None when the year is closed or unknown (the service answers those)."""
    fy = books.get_fiscal_year(org, year)
    if fy is None or fy.is_closed:
        return None
    message = fin.not_closed_message(year, what)
    return render_template("ledger/not_closed.html", org=org, year=year, message=message), 422


def _statements(org, year: int):
    return fin.financial_statements(
        actor=current_user, organisation=org, year=year, locale=str(get_locale())
    )


@bp.get("/o/<slug>/ledger/fiscal-years/<int:year>/financial-statements")
@login_required
def financial_statements(slug: str, year: int):
    org = org_context(slug, "ledger:read")
    page = not_closed_page(org, year, "statements")
    if page is not None:
        return page
    return render_template("ledger/financial_statements.html", org=org, fs=_statements(org, year))


@bp.get("/o/<slug>/ledger/fiscal-years/<int:year>/financial-statements.<any(pdf,xlsx):fmt>")
@login_required
def financial_statements_file(slug: str, year: int, fmt: str):
    org = org_context(slug, "ledger:read")
    fs = _statements(org, year)
    name = f"{org.slug}-financial-statements-{year}.{fmt}"
    if fmt == "pdf":
        # Once issued, the signed copy; before, a draft in the reader's language.
        pdf = issuing.issued_pdf(org, fs["fiscal_year"], "financial_statements")
        if pdf is None:
            pdf = statements_output.render_financial_statements_pdf(fs, locale=str(get_locale()))
        return download(pdf, name, "application/pdf")
    body = b"".join(statements_output.financial_statements_xlsx(fs, tz=legal_timezone(org)))
    return download(body, name, XLSX_MIMETYPE)


@bp.post("/o/<slug>/ledger/fiscal-years/<int:year>/statements-prepared/<kind>")
@login_required
def statements_prepared(slug: str, year: int, kind: str):
    org = org_context(slug, "ledger:close")
    target = (
        url_for("ledger.financial_statements", slug=slug, year=year)
        if kind == "financial_statements"
        else url_for("ledger.partner_income", slug=slug, year=year)
    )
    done = submit_form(
        FlaskForm(),
        lambda: issuing.issue_statements(
            actor=current_user, organisation=org, year=year, kind=kind
        ),
        success=_("The statements of fiscal year %(year)s are issued.", year=year),
        next_url=target,
    )
    return done or redirect(target)
