"""The financial statements of a closed fiscal year (LLP Act 31(2); Ordinance 10-11): 貸借対照表
(balance sheet: 資産 / 負債 / 純資産 sections with subtotals and totals, each partner's capital),
損益計算書 (profit and loss: revenue and expenses, net income), 附属明細書 (schedules: each
partner's capital movements, fixed assets, borrowings) and, for the first fiscal year, the opening
balance sheet (開始貸借対照表, Act 31(1)) on the effective date of the agreement. Every line is
also broken down per partner (Ord. 10-11), with the remainder rule of reports.py.

Deadlines: the statements are due within two months after the year end (Act 31(2)); the
dashboard shows the date until they are marked prepared (StatementFiling).
Source: 有限責任事業組合契約に関する法律 31条, https://laws.e-gov.go.jp/law/417AC0000000040 ;
同施行規則 10条・11条, https://laws.e-gov.go.jp/law/417M60000400001 .
"""

from __future__ import annotations

import calendar
import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import func, select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db
from llp_gov.errors import Conflict, NotFound, ValidationError
from llp_gov.ledger import books, reports
from llp_gov.ledger.models import (
    Account,
    FiscalYear,
    JournalEntry,
    JournalLine,
    StatementFiling,
)

FIXED_ASSET_FROM = "160"  # asset codes from here on are fixed assets (工具器具備品 170)


def closed_year(organisation, year: int, *, what: str = "statements") -> FiscalYear:
    """The closed fiscal year `year`; NotFound when unknown, ValidationError while open, its
    message naming `what` is drawn up from the closed year: "statements" (the financial
    statements, LLP Act 31(2)) or "partner_income" (the partners' income statements)."""
    fy = books.get_fiscal_year(organisation, year) if isinstance(year, int) else None
    if fy is None:
        raise NotFound()
    if not fy.is_closed:
        raise ValidationError(not_closed_message(year, what))
    return fy


def not_closed_message(year: int, what: str = "statements") -> str:
    """Why `what` ("statements" or "partner_income") of the open year `year` is not shown yet."""
    if what == "partner_income":
        return _(
            "Fiscal year %(year)s is not closed: the partners' income statements follow the "
            "allocation made when the year is closed. Close it first.",
            year=year,
        )
    return _(
        "Fiscal year %(year)s is not closed: the financial statements are drawn up for a "
        "closed year (LLP Act 31(2)). Close it first.",
        year=year,
    )


def _total_title(key: str) -> str:
    """The subtotal row's words, whole phrases per section (not "Total " + a title)."""
    return {
        "current_assets": _("Total current assets"),
        "fixed_assets": _("Total fixed assets"),
        "liabilities": _("Total liabilities"),
        "net_assets": _("Total net assets"),
        "revenue": _("Total revenue"),
        "expenses": _("Total expenses"),
    }[key]


def _section(rows, title, key, partners):
    total = sum(r["amount"] for r in rows)
    per = {p.id: sum(r["partners"].get(p.id, 0) for r in rows) for p in partners}
    return {
        "title": title,
        "total_title": _total_title(key),
        "key": key,
        "rows": rows,
        "total": total,
        "partners": per,
    }


def _line(account, amount, partners, locale, label=None):
    return {
        "code": account.code if account is not None else "",
        "name": label or account.display_name(locale),
        "amount": amount,
        "partners": partners or {},
    }


def balance_sheet(*, actor, organisation, on: dt.date, locale: str | None = None) -> dict:
    """The balance sheet on `on` (a legal-zone date) in sections: 流動資産, 固定資産 (assets),
    負債 (liabilities), 純資産 (each partner's capital, and any result not yet allocated), with
    subtotals, 資産合計 and 負債純資産合計. Amounts are integer yen; `partners` per line maps
    partner id to its share."""
    bs = reports.balance_sheet(actor=actor, organisation=organisation, date_to=on, by_partner=True)
    partners = bs["partners"]
    current: list[dict] = []
    fixed: list[dict] = []
    liabilities: list[dict] = []
    capital: list[dict] = []
    for r in bs["rows"]:
        account = r["account"]
        line = _line(account, r["amount"], r.get("partners"), locale)
        if account.type == "asset":
            (fixed if account.code >= FIXED_ASSET_FROM else current).append(line)
        elif account.type == "liability":
            liabilities.append(line)
        else:
            if account.partner_id:
                line["name"] = _("Capital of %(name)s", name=account.partner.name)
                line["partner"] = account.partner  # a page names it in the reader's language
            capital.append(line)
    if bs["unallocated"]:
        capital.append(
            _line(
                None,
                bs["unallocated"],
                bs.get("unallocated_partners"),
                locale,
                label=_("Result of the open year (not yet allocated)"),
            )
        )
    sections = {
        "current_assets": _section(current, _("Current assets"), "current_assets", partners),
        "fixed_assets": _section(fixed, _("Fixed assets"), "fixed_assets", partners),
        "liabilities": _section(liabilities, _("Liabilities"), "liabilities", partners),
        "net_assets": _section(capital, _("Net assets"), "net_assets", partners),
    }
    total_assets = sections["current_assets"]["total"] + sections["fixed_assets"]["total"]
    total_le = sections["liabilities"]["total"] + sections["net_assets"]["total"]
    return {
        "on": on,
        "partners": partners,
        "sections": sections,
        "total_assets": total_assets,
        "total_liabilities_and_net_assets": total_le,
        "balanced": total_assets == total_le,
    }


def profit_and_loss(*, actor, organisation, fy: FiscalYear, locale: str | None = None) -> dict:
    """Revenue and expenses of the year (before the closing allocation), the net income, each
    line split per partner by the year's ratio."""
    pl = reports.profit_and_loss(
        actor=actor,
        organisation=organisation,
        date_from=fy.starts_on,
        date_to=fy.ends_on,
        by_partner=True,
    )
    partners = pl["partners"]
    revenue = [
        _line(r["account"], r["amount"], r.get("partners"), locale)
        for r in pl["rows"]
        if r["type"] == "revenue"
    ]
    expenses = [
        _line(r["account"], r["amount"], r.get("partners"), locale)
        for r in pl["rows"]
        if r["type"] == "expense"
    ]
    return {
        "partners": partners,
        "revenue": _section(revenue, _("Revenue"), "revenue", partners),
        "expenses": _section(expenses, _("Expenses"), "expenses", partners),
        "net_income": pl["totals"]["net_income"],
        "net_partners": pl["totals"].get("partners", {}),
    }


def _movements(organisation, fy, account_ids) -> dict[int, dict[str, int]]:
    """Per account: opening balance (credit − debit), and the year's credits and debits by entry
    kind, for the schedules."""
    opening = books.balances(organisation, date_to=fy.starts_on - dt.timedelta(days=1))
    out = {aid: {"opening": 0} for aid in account_ids}
    for aid in account_ids:
        d, c = opening.get(aid, (0, 0))
        out[aid]["opening"] = c - d
    rows = db.session.execute(
        select(
            JournalLine.account_id,
            JournalEntry.kind,
            func.sum(JournalLine.debit),
            func.sum(JournalLine.credit),
        )
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .where(
            JournalEntry.organisation_id == organisation.id,
            JournalEntry.entry_date >= fy.starts_on,
            JournalEntry.entry_date <= fy.ends_on,
            JournalLine.account_id.in_(account_ids or [0]),
        )
        .group_by(JournalLine.account_id, JournalEntry.kind)
    )
    for aid, kind, debit, credit in rows:
        m = out[aid]
        m[f"{kind}_debit"] = m.get(f"{kind}_debit", 0) + int(debit or 0)
        m[f"{kind}_credit"] = m.get(f"{kind}_credit", 0) + int(credit or 0)
    return out


def schedules(*, organisation, fy: FiscalYear, locale: str | None = None) -> dict:
    """附属明細書: each partner's capital (opening, contributions, allocated result,
    distributions, other, closing) and the fixed assets and borrowings (opening, increase,
    decrease, closing), integer yen."""
    accounts = list(
        db.session.scalars(
            select(Account).where(Account.organisation_id == organisation.id).order_by(Account.code)
        )
    )
    capital = [a for a in accounts if a.type == "capital" and a.partner_id]
    others = [
        a
        for a in accounts
        if (a.type == "asset" and a.code >= FIXED_ASSET_FROM) or a.code.startswith("24")
    ]
    moves = _movements(organisation, fy, [a.id for a in capital + others])
    capital_rows = []
    for a in capital:
        m = moves[a.id]
        contributed = m.get("contribution_credit", 0) - m.get("contribution_debit", 0)
        allocated = m.get("closing_credit", 0) - m.get("closing_debit", 0)
        distributed = m.get("distribution_debit", 0) - m.get("distribution_credit", 0)
        total_change = sum(v for k, v in m.items() if k.endswith("_credit")) - sum(
            v for k, v in m.items() if k.endswith("_debit")
        )
        other = total_change - contributed - allocated + distributed
        row = {
            "name": a.partner.name if a.partner else a.name,
            "partner": a.partner,
            "opening": m["opening"],
            "contributions": contributed,
            "allocated": allocated,
            "distributions": distributed,
            "other": other,
            "closing": m["opening"] + total_change,
        }
        if any(row[k] for k in ("opening", "contributions", "allocated", "closing")):
            capital_rows.append(row)
    asset_rows: list[dict] = []
    borrowing_rows: list[dict] = []
    for a in others:
        m = moves[a.id]
        debit = sum(v for k, v in m.items() if k.endswith("_debit"))
        credit = sum(v for k, v in m.items() if k.endswith("_credit"))
        if a.type == "asset":
            opening = -m["opening"]
            row = {"name": a.display_name(locale), "opening": opening, "increase": debit}
            row.update(decrease=credit, closing=opening + debit - credit)
            target = asset_rows
        else:
            opening = m["opening"]
            row = {"name": a.display_name(locale), "opening": opening, "increase": credit}
            row.update(decrease=debit, closing=opening + credit - debit)
            target = borrowing_rows
        if any(row[k] for k in ("opening", "increase", "decrease")):
            target.append(row)
    return {"capital": capital_rows, "fixed_assets": asset_rows, "borrowings": borrowing_rows}


def first_year(organisation) -> int | None:
    """The first fiscal year with an entry."""
    first = db.session.scalar(
        select(func.min(JournalEntry.entry_date)).where(
            JournalEntry.organisation_id == organisation.id
        )
    )
    return books.fiscal_year_of(organisation, first) if first else None


def financial_statements(*, actor, organisation, year: int, locale: str | None = None) -> dict:
    """The statements of the closed fiscal year `year`: {"fiscal_year", "balance_sheet",
    "profit_and_loss", "schedules", "opening_balance_sheet" (first year only, else None),
    "filing" (StatementFiling or None), "due_on"}. Raises NotFound (unknown year) or
    ValidationError (year still open). LLP Act 31; Ord. 10-11."""
    policy.require(actor, organisation, "ledger:read")
    fy = closed_year(organisation, year)
    opening = None
    if first_year(organisation) == fy.year:
        on = organisation.effective_date or fy.starts_on
        opening = balance_sheet(actor=actor, organisation=organisation, on=on, locale=locale)
    return {
        "organisation": organisation,
        "fiscal_year": fy,
        "balance_sheet": balance_sheet(
            actor=actor, organisation=organisation, on=fy.ends_on, locale=locale
        ),
        "profit_and_loss": profit_and_loss(
            actor=actor, organisation=organisation, fy=fy, locale=locale
        ),
        "schedules": schedules(organisation=organisation, fy=fy, locale=locale),
        "opening_balance_sheet": opening,
        "filing": filing(organisation, fy, "financial_statements"),
        "due_on": due_on(fy, "financial_statements"),
    }


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, the month's last day when it has fewer days (31 December
    + 2 months = 28/29 February)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(fy: FiscalYear, kind: str) -> dt.date:
    """Financial statements: two months after the year end (LLP Act 31(2)); partners' income
    statements: 31 January of the year after the period ends (所得税法 227条の2)."""
    if kind == "financial_statements":
        return add_months(fy.ends_on, 2)
    return dt.date(fy.ends_on.year + 1, 1, 31)


def filing(organisation, fy: FiscalYear, kind: str) -> StatementFiling | None:
    """The year's StatementFiling of `kind` (financial_statements or partner_income), or None before they are issued."""
    return db.session.scalar(
        select(StatementFiling).where(
            StatementFiling.fiscal_year_id == fy.id, StatementFiling.kind == kind
        )
    )


def mark_prepared(*, actor, organisation, year: int, kind: str) -> StatementFiling:
    """Record that the statements of `kind` ("financial_statements" or "partner_income") for
    the closed year `year` are prepared (the dashboard deadline goes away); audited. Raises
    Conflict when already recorded, ValidationError for an open year or an unknown kind."""
    policy.require(actor, organisation, "ledger:close")
    if kind not in ("financial_statements", "partner_income"):
        raise ValidationError(kind=_("Unknown kind of statements."))
    fy = closed_year(organisation, year)
    if filing(organisation, fy, kind) is not None:
        raise Conflict(_("These statements are already marked prepared."))
    row = StatementFiling(
        organisation_id=organisation.id, fiscal_year_id=fy.id, kind=kind, prepared_by_id=actor.id
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        tag="ledger:statements:prepared",
        actor=actor,
        organisation_id=organisation.id,
        target_type="ledger_fiscal_years",
        target_id=fy.id,
        diff={"kind": [None, kind], "year": [None, fy.year]},
    )
    return row


def pending_deadlines(organisation, today: dt.date) -> list[dict]:
    """Ended fiscal years whose statements are not marked prepared: [{"year", "kind",
    "due_on", "overdue", "closed"}], earliest first (`closed` False: the year must be closed
    before its statements can be prepared, so the dashboard links to the year)."""
    out = []
    # One query for every year's filings: ten years of books are not twenty queries.
    filed = {
        (year_id, kind)
        for year_id, kind in db.session.execute(
            select(StatementFiling.fiscal_year_id, StatementFiling.kind).where(
                StatementFiling.organisation_id == organisation.id
            )
        )
    }
    for fy in books.fiscal_years(organisation):
        if fy.ends_on >= today:
            continue
        for kind in ("financial_statements", "partner_income"):
            if (fy.id, kind) not in filed:
                due = due_on(fy, kind)
                out.append(
                    {
                        "year": fy.year,
                        "kind": kind,
                        "due_on": due,
                        "overdue": due < today,
                        "closed": fy.is_closed,
                    }
                )
    return sorted(out, key=lambda d: d["due_on"])
