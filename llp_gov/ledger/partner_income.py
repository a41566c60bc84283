"""組合員所得に関する計算書 (Income Tax Act 227-2): for each fiscal period, one statement per
partner, including a partner who joined or left during the period (for its time in the LLP), with
its share of revenue and expenses by income category, the income, the tax withheld and the
period; and the summary sheet (合計表) with the LLP's totals. Due by 31 January of the year after
the period ends (所得税法 227条の2, https://laws.e-gov.go.jp/law/340AC0000000033 ; form and
items: 所得税法施行規則 96条の2 and 別表第七(二), as the NTA's filing standard names them; the
items of 96条の2 as listed by the NTA: https://www.nta.go.jp/law/joho-zeikaishaku/shotoku/shinkoku/060117/pdf/02.pdf).

Outputs: a PDF per partner (llp_gov/pdf), an XLSX for review (llp_gov/exports) and the tax
agency's record file for filing on media (Shift_JIS, record 354): llp_gov/ledger/nta_record.py,
whose docstring names the NTA specification it follows item by item.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov import exports as shared
from llp_gov.auth import policy
from llp_gov.db import db
from llp_gov.errors import NotFound
from llp_gov.ledger import financial_statements as fin
from llp_gov.ledger.models import INCOME_CATEGORIES, Account, Allocation, PartnerYear
from llp_gov.partners.models import Partner
from llp_gov.pdf.render import render_pdf

CATEGORY_LABELS_JA = {
    "business": "事業所得",
    "real_estate": "不動産所得",
    "interest": "利子所得",
    "dividends": "配当所得",
    "capital_gains": "譲渡所得",
    "other": "雑所得",
}


def partner_income(*, actor, organisation, year: int) -> dict:
    """The statements of the closed fiscal year `year`: {"fiscal_year", "statements": [...],
    "summary": {...}, "due_on"}. Each statement: partner, period (from/to: the fiscal year cut
    at its admission or withdrawal date), contributions at the period end, ratio (n/d), per
    income category {"revenue", "expense", "income"} in integer yen, "income" (total) and
    "withholding". The summary adds every partner's figures (they equal the LLP's totals, as
    the allocation splits every yen). Raises NotFound / ValidationError (open year)."""
    policy.require(actor, organisation, "ledger:read")
    fy = fin.closed_year(organisation, year, what="partner_income")
    years = {
        py.partner_id: py
        for py in db.session.scalars(select(PartnerYear).where(PartnerYear.fiscal_year_id == fy.id))
    }
    shares: dict[int, dict[str, dict[str, int]]] = {}
    for pid, account, amount in db.session.execute(
        select(Allocation.partner_id, Account, Allocation.amount)
        .join(Account, Account.id == Allocation.account_id)
        .where(Allocation.fiscal_year_id == fy.id)
    ):
        cat = account.income_category or "other"
        row = shares.setdefault(pid, {}).setdefault(cat, {"revenue": 0, "expense": 0})
        if account.type == "revenue":
            row["revenue"] += amount
        else:
            row["expense"] += -amount
    ids = set(years) | set(shares)
    partners = list(
        db.session.scalars(
            select(Partner).where(Partner.id.in_(ids or [0])).order_by(Partner.position, Partner.id)
        )
    )
    statements = []
    summary = {c: {"revenue": 0, "expense": 0, "income": 0} for c in INCOME_CATEGORIES}
    summary_totals = {"income": 0, "withholding": 0, "contributions": 0, "partners": 0}
    for p in partners:
        py = years.get(p.id)
        by_cat = {}
        for c in INCOME_CATEGORIES:
            v = shares.get(p.id, {}).get(c, {"revenue": 0, "expense": 0})
            by_cat[c] = {**v, "income": v["revenue"] - v["expense"]}
            for k in ("revenue", "expense", "income"):
                summary[c][k] += by_cat[c][k]
        start = max(fy.starts_on, p.admitted_on or fy.starts_on)
        # A withdrawal takes effect on its date: the last day as a partner is the day before.
        last = p.withdrawn_on - dt.timedelta(days=1) if p.withdrawn_on else fy.ends_on
        end = min(fy.ends_on, last)
        st: dict[str, Any] = {
            "partner": p,
            "period_from": start,
            "period_to": end,
            "joined": p.admitted_on if p.admitted_on and p.admitted_on > fy.starts_on else None,
            "left": p.withdrawn_on if p.withdrawn_on and p.withdrawn_on <= fy.ends_on else None,
            "contributions": py.contributions if py else 0,
            "ratio": f"{py.ratio_numerator}/{py.ratio_denominator}" if py else "",
            "categories": by_cat,
            "income": sum(v["income"] for v in by_cat.values()),
            "withholding": py.withholding_tax if py else 0,
        }
        statements.append(st)
        summary_totals["income"] += st["income"]
        summary_totals["withholding"] += st["withholding"]
        summary_totals["contributions"] += st["contributions"]
        summary_totals["partners"] += 1
    return {
        "organisation": organisation,
        "fiscal_year": fy,
        "statements": statements,
        "summary": {"categories": summary, **summary_totals},
        "due_on": fin.due_on(fy, "partner_income"),
    }


def statement_for(data: dict, partner_id: int) -> dict:
    """The statement of `partner_id` in `data` (partner_income()). Raises NotFound for a partner without one."""
    for st in data["statements"]:
        if st["partner"].id == partner_id:
            return st
    raise NotFound()


# --- outputs --------------------------------------------------------------------------------


def render_partner_income_pdf(data: dict, partner_id: int, locale: str | None = None) -> bytes:
    """One partner's statement as PDF bytes (deterministic: dated with the year's closing)."""
    st = statement_for(data, partner_id)
    fy = data["fiscal_year"]
    html = current_app.jinja_env.get_template("ledger/partner_income_print.html").render(
        data=data, st=st, labels=CATEGORY_LABELS_JA, lang=locale or "ja"
    )
    return render_pdf(
        html,
        metadata={
            "title": f"組合員所得に関する計算書 {fy.year} {st['partner'].name}",
            "lang": locale or "ja",
            "created": fy.closed_at,
            "modified": fy.closed_at,
        },
    )


def _category_columns():
    cols = []
    for c in INCOME_CATEGORIES:
        label = CATEGORY_LABELS_JA[c]
        cols += [
            shared.Column(f"{label} {_('revenue')}", "money"),
            shared.Column(f"{label} {_('expenses')}", "money"),
            shared.Column(f"{label} {_('income')}", "money"),
        ]
    return cols


def partner_income_sheets(data: dict) -> list[shared.Sheet]:
    """A sheet of every partner's statement (one row each, totals) and the summary (合計表)."""
    columns = [
        shared.Column(_("Partner"), "text", 30),
        shared.Column(_("From"), "date"),
        shared.Column(_("To"), "date"),
        shared.Column(_("Contributions"), "money"),
        shared.Column(_("Allocation ratio"), "text", 14),
        *_category_columns(),
        shared.Column(_("Income"), "money"),
        shared.Column(_("Tax withheld"), "money"),
    ]
    rows = []
    for st in data["statements"]:
        cells = []
        for c in INCOME_CATEGORIES:
            v = st["categories"][c]
            cells += [v["revenue"], v["expense"], v["income"]]
        rows.append(
            (
                st["partner"].name,
                st["period_from"],
                st["period_to"],
                st["contributions"],
                st["ratio"],
                *cells,
                st["income"],
                st["withholding"],
            )
        )
    summary = data["summary"]
    summary_rows = [
        (
            CATEGORY_LABELS_JA[c],
            summary["categories"][c]["revenue"],
            summary["categories"][c]["expense"],
            summary["categories"][c]["income"],
        )
        for c in INCOME_CATEGORIES
    ]
    return [
        shared.Sheet(_("Partners' income statements"), columns, rows, totals=True),
        shared.Sheet(
            _("Summary (合計表)"),
            [
                shared.Column(_("Income category"), "text", 16),
                shared.Column(_("Revenue"), "money"),
                shared.Column(_("Expenses"), "money"),
                shared.Column(_("Income"), "money"),
            ],
            summary_rows,
            totals=True,
            totals_label=_("Total"),
        ),
    ]
