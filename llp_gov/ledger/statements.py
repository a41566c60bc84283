"""Accountant exports and the per-partner annual statement (所得税法 227条の2 statement data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.auth import policy
from llp_gov.db import db
from llp_gov.errors import NotFound, ValidationError
from llp_gov.ledger import books, chart, exports, reports
from llp_gov.ledger.labels import label
from llp_gov.ledger.models import (
    Account,
    Allocation,
    FiscalYear,
    JournalEntry,
    JournalLine,
    PartnerYear,
)
from llp_gov.partners.models import Partner
from llp_gov.pdf.render import render_pdf

EXPORT_REPORTS = ("journal", "contributions", *reports.REPORTS)


def export_ledger(
    *,
    actor,
    organisation,
    fmt: str = "csv",
    report: str = "journal",
    fiscal_year: int | None = None,
    date_from=None,
    date_to=None,
    partner_id: int | None = None,
    by_partner: bool = False,
    header: bool = False,
    locale: str | None = None,
):
    """(filename, mimetype, byte stream) of the journal, the contribution ledger or a report."""
    policy.require(actor, organisation, "ledger:export")
    if report not in EXPORT_REPORTS:
        raise ValidationError(
            report=_(
                "Choose journal, contributions, trial-balance, balance-sheet or profit-and-loss."
            )
        )
    if fiscal_year is not None:
        if not 1900 < fiscal_year < 3000:
            raise ValidationError(fiscal_year=_("Unknown fiscal year."))
        date_from, date_to = books.fiscal_year_bounds(organisation, fiscal_year)
    if date_from and date_to and date_from > date_to:
        raise ValidationError(to=_("The end date is before the start date."))
    if partner_id is not None:
        partner = db.session.get(Partner, partner_id)
        if partner is None or partner.organisation_id != organisation.id:
            raise ValidationError(partner=_("Unknown partner."))

    def data_fn():
        return reports.report(
            actor=actor,
            organisation=organisation,
            kind=report,
            date_from=date_from,
            date_to=date_to,
            by_partner=by_partner,
        )

    return exports.export(
        organisation,
        fmt=fmt,
        report=report,
        data_fn=data_fn,
        date_from=date_from,
        date_to=date_to,
        partner_id=partner_id,
        header=header,
        locale=locale,
    )


def partner_statement(
    *, actor, organisation, year: int, partner_id: int, locale: str | None = None
) -> dict:
    """A partner's annual statement for a closed year: shares of each revenue and expense by
    income category, capital account movements, loss-limit position and tax withheld."""

    policy.require(actor, organisation, "ledger:read")
    fy = books.get_fiscal_year(organisation, year)
    partner = db.session.get(Partner, partner_id)
    if fy is None or partner is None or partner.organisation_id != organisation.id:
        raise NotFound()
    if not fy.is_closed:
        raise ValidationError(
            _(
                "Fiscal year %(year)s is not closed yet: the statement follows the allocation.",
                year=year,
            )
        )
    py = db.session.execute(
        select(PartnerYear).where(
            PartnerYear.fiscal_year_id == fy.id, PartnerYear.partner_id == partner.id
        )
    ).scalar_one_or_none()
    shares = db.session.execute(
        select(Account, Allocation.amount)
        .join(Account, Account.id == Allocation.account_id)
        .where(Allocation.fiscal_year_id == fy.id, Allocation.partner_id == partner.id)
        .order_by(Account.code)
    ).all()
    by_category: dict[str, dict[str, int]] = {}
    lines = []
    for account, amount in shares:
        revenue = amount if account.type == "revenue" else 0
        expense = -amount if account.type == "expense" else 0
        cat = by_category.setdefault(
            account.income_category or "other", {"revenue": 0, "expense": 0}
        )
        cat["revenue"] += revenue
        cat["expense"] += expense
        lines.append(
            {
                "code": account.code,
                "account": account.display_name(locale),
                "type": account.type,
                "category": account.income_category,
                "revenue": revenue,
                "expense": expense,
            }
        )
    capital = chart.find_capital_account(organisation, partner)
    movements: list[dict[str, Any]] = [
        {
            "date": e.entry_date,
            "number": e.number,
            "kind": e.kind,
            "description": e.description,
            "increase": ln.credit,
            "decrease": ln.debit,
        }
        for e, ln in db.session.execute(
            select(JournalEntry, JournalLine)
            .join(JournalLine, JournalLine.entry_id == JournalEntry.id)
            .where(
                JournalLine.account_id == (capital.id if capital else None),
                JournalEntry.fiscal_year == year,
            )
            .order_by(JournalEntry.entry_date, JournalEntry.number, JournalLine.line_no)
        )
    ]
    opening_sums = books.balances(organisation, date_to=fy.starts_on - dt.timedelta(days=1))
    debit, credit = (0, 0)
    if capital is not None:
        debit, credit = opening_sums.get(capital.id, (0, 0))
    opening = credit - debit
    closing_balance = opening + sum(m["increase"] - m["decrease"] for m in movements)
    return {
        "organisation": organisation,
        "fiscal_year": fy,
        "partner": partner,
        "partner_year": py,
        "lines": lines,
        "by_category": by_category,
        "movements": movements,
        "opening": opening,
        "closing": closing_balance,
    }


def statement_rows(st: dict) -> list[tuple]:
    """The statement as CSV rows (sections separated by a blank row)."""
    py: PartnerYear | None = st["partner_year"]
    fy: FiscalYear = st["fiscal_year"]
    rows: list[tuple] = [
        (_("Annual statement of a partner"), st["organisation"].name),
        (_("Partner"), st["partner"].name),
        (_("Fiscal year"), fy.year, fy.starts_on, fy.ends_on),
        (),
        (_("Account code"), _("Account"), _("Income category"), _("Revenue"), _("Expenses")),
    ]
    rows += [
        (
            x["code"],
            x["account"],
            label(x["category"], "income_category"),
            x["revenue"],
            x["expense"],
        )
        for x in st["lines"]
    ]
    rows += [(), (_("Income category"), _("Revenue"), _("Expenses"), _("Net"))]
    rows += [
        (label(cat, "income_category"), v["revenue"], v["expense"], v["revenue"] - v["expense"])
        for cat, v in st["by_category"].items()
    ]
    rows += [
        (),
        (_("Date"), _("Entry no."), _("Kind"), _("Description"), _("Increase"), _("Decrease")),
    ]
    rows.append((None, None, None, _("Opening capital balance"), st["opening"], None))
    rows += [
        (
            m["date"],
            m["number"],
            label(m["kind"], "entry_kind"),
            m["description"],
            m["increase"],
            m["decrease"],
        )
        for m in st["movements"]
    ]
    rows.append((None, None, None, _("Closing capital balance"), st["closing"], None))
    if py is not None:
        rows += [
            (),
            (_("Allocation ratio"), f"{py.ratio_numerator}/{py.ratio_denominator}"),
            (_("Allocated profit or loss"), py.net_result),
            (_("Contributions received by year end"), py.contributions),
            (_("Distributions by year end"), py.distributions),
            (_("Adjusted contribution base (調整出資金額)"), py.adjusted_base),
            (_("Loss deductible this year"), py.loss_deductible),
            (_("Loss above the limit"), py.loss_excess),
            (_("Carried-forward excess used"), py.carryforward_used),
            (_("Excess carried forward (corporations)"), py.carryforward_end),
            (_("Income tax withheld (non-resident partner)"), py.withholding_tax),
        ]
    return rows


def statement_pdf(st: dict, locale: str | None = None) -> bytes:
    """The annual statement as PDF through the pdf package (packaged CJK fonts)."""

    template = current_app.jinja_env.get_template("ledger/statement_print.html")
    if locale:
        with force_locale(locale):
            html = template.render(st=st, lang=locale)
    else:
        html = template.render(st=st, lang="ja")
    fy = st["fiscal_year"]
    return render_pdf(
        html,
        metadata={
            "title": f"{st['organisation'].name} {fy.year} {st['partner'].name}",
            "lang": locale or "ja",
            "created": fy.closed_at,
            "modified": fy.closed_at,
        },
    )
