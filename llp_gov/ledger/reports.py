"""Trial balance, balance sheet and profit and loss, each with a per-partner breakdown (Ord. 10-11).

Per-partner breakdown: a revenue or expense line is split by the ratio of the fiscal year that
contains the report's end date (the same allocation as closing); an asset or liability line by the
partners' capital balances on that date; a capital account belongs to its partner. Every split
uses the whole-yen remainder rule of allocation.py, so the partners' columns add up to the total."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.auth import policy
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.ledger import books, chart, closing
from llp_gov.ledger.allocation import allocate
from llp_gov.ledger.models import Account, FiscalYear
from llp_gov.orgs.services import today_in

REPORTS = ("trial-balance", "balance-sheet", "profit-and-loss")


def _signed(account, debit: int, credit: int) -> int:
    """Balance in the account's normal direction (assets and expenses debit, others credit)."""
    return debit - credit if account.debit_normal else credit - debit


def _pl_weights(organisation, on: dt.date):
    fy = books.get_fiscal_year(organisation, books.fiscal_year_of(organisation, on))
    if fy is None:
        starts, ends = books.fiscal_year_bounds(
            organisation, books.fiscal_year_of(organisation, on)
        )

        fy = FiscalYear(
            organisation_id=organisation.id, year=starts.year, starts_on=starts, ends_on=ends
        )
    weights, _agreement = closing.ratio_for_year(organisation, fy)
    return weights


def _capital_weights(organisation, on: dt.date, sums) -> list[tuple[int, int]]:
    caps = [a for a in chart.accounts(organisation) if a.type == "capital"]
    balances = {a.partner_id: max(0, _signed(a, *sums.get(a.id, (0, 0)))) for a in caps}
    order = closing._partners_in_order(organisation, balances)
    weights = [(p.id, balances[p.id]) for p in order if balances[p.id] > 0]
    return weights or _pl_weights(organisation, on)


def _split(amount: int, weights) -> dict[int, int]:
    if not weights:
        return {}
    return allocate(amount, weights)


def _period(organisation, date_from, date_to):
    date_to = date_to or today_in(organisation)
    if date_from and date_from > date_to:
        raise ValidationError(to=_("The end date is before the start date."))
    return date_from, date_to


def trial_balance(
    *, actor, organisation, date_from=None, date_to=None, by_partner: bool = False
) -> dict:
    """Debits, credits and balance per account over the period (closing entries included)."""
    policy.require(actor, organisation, "ledger:read")
    date_from, date_to = _period(organisation, date_from, date_to)
    sums = books.balances(organisation, date_from=date_from, date_to=date_to)
    pl_w = _pl_weights(organisation, date_to) if by_partner else None
    cap_w = (
        _capital_weights(organisation, date_to, books.balances(organisation, date_to=date_to))
        if by_partner
        else None
    )
    rows, total_d, total_c = [], 0, 0
    for account in chart.accounts(organisation):
        d, c = sums.get(account.id, (0, 0))
        if not d and not c:
            continue
        balance = _signed(account, d, c)
        row = {
            "account": account,
            "code": account.code,
            "type": account.type,
            "debit": d,
            "credit": c,
            "balance": balance,
        }
        if by_partner:
            row["partners"] = _breakdown(account, balance, pl_w, cap_w)
        rows.append(row)
        total_d += d
        total_c += c
    return {
        "kind": "trial-balance",
        "from": date_from,
        "to": date_to,
        "rows": rows,
        "totals": {"debit": total_d, "credit": total_c},
        "partners": _partner_list(organisation, pl_w, cap_w) if by_partner else [],
    }


def _breakdown(account, amount, pl_w, cap_w) -> dict[int, int]:
    if account.type == "capital":
        return {account.partner_id: amount}
    return _split(amount, pl_w if account.type in ("revenue", "expense") else cap_w)


def _partner_list(organisation, *weight_lists):
    ids = {pid for weights in weight_lists if weights for pid, _w in weights}

    ids |= set(
        db.session.scalars(
            select(Account.partner_id).where(
                Account.organisation_id == organisation.id, Account.partner_id.is_not(None)
            )
        )
    )
    return closing._partners_in_order(organisation, ids)


def profit_and_loss(
    *, actor, organisation, date_from=None, date_to=None, by_partner: bool = False
) -> dict:
    """Revenue and expenses of the period (before the year-end allocation) and the net income."""
    policy.require(actor, organisation, "ledger:read")
    date_from, date_to = _period(organisation, date_from, date_to)
    weights = _pl_weights(organisation, date_to) if by_partner else None
    rows = []
    totals = {"revenue": 0, "expense": 0}
    for account, amount in closing.pl_amounts(organisation, date_from, date_to):
        value = amount if account.type == "revenue" else -amount
        totals[account.type] += value
        row = {
            "account": account,
            "code": account.code,
            "type": account.type,
            "category": account.income_category,
            "amount": value,
        }
        if by_partner:
            row["partners"] = {
                pid: (s if account.type == "revenue" else -s)
                for pid, s in _split(amount, weights).items()
            }
        rows.append(row)
    net = totals["revenue"] - totals["expense"]
    out = {
        "kind": "profit-and-loss",
        "from": date_from,
        "to": date_to,
        "rows": rows,
        "totals": {**totals, "net_income": net},
        "partners": [],
    }
    if by_partner:
        out["partners"] = _partner_list(organisation, weights)
        out["totals"]["partners"] = _split(net, weights)
    return out


def balance_sheet(
    *, actor, organisation, date_to=None, by_partner: bool = False, date_from=None
) -> dict:
    """Assets, liabilities and each partner's capital on a date, plus the year's unallocated result."""
    policy.require(actor, organisation, "ledger:read")
    _f, date_to = _period(organisation, None, date_to)
    sums = books.balances(organisation, date_to=date_to)
    pl_w = _pl_weights(organisation, date_to) if by_partner else None
    cap_w = _capital_weights(organisation, date_to, sums) if by_partner else None
    rows, totals = [], {"asset": 0, "liability": 0, "capital": 0}
    unallocated = 0
    for account in chart.accounts(organisation):
        d, c = sums.get(account.id, (0, 0))
        balance = _signed(account, d, c)
        if account.type in ("revenue", "expense"):
            unallocated += balance if account.type == "revenue" else -balance
            continue
        if not balance:
            continue
        totals[account.type] += balance
        row = {"account": account, "code": account.code, "type": account.type, "amount": balance}
        if by_partner:
            row["partners"] = _breakdown(account, balance, pl_w, cap_w)
        rows.append(row)
    out = {
        "kind": "balance-sheet",
        "from": None,
        "to": date_to,
        "rows": rows,
        "totals": totals,
        "unallocated": unallocated,
        "net_assets": totals["asset"] - totals["liability"],
        "partners": [],
    }
    if by_partner:
        out["partners"] = _partner_list(organisation, pl_w, cap_w)
        out["unallocated_partners"] = _split(unallocated, pl_w)
    return out


def report(
    *, actor, organisation, kind: str, date_from=None, date_to=None, by_partner=False
) -> dict:
    """The report `kind` (trial-balance, balance-sheet, profit-and-loss) over the period, optionally per partner; see the functions it dispatches to for the shapes and errors."""
    fn = {
        "trial-balance": trial_balance,
        "balance-sheet": balance_sheet,
        "profit-and-loss": profit_and_loss,
    }.get(kind)
    if fn is None:
        raise ValidationError(report=_("Choose trial-balance, balance-sheet or profit-and-loss."))
    return fn(
        actor=actor,
        organisation=organisation,
        date_from=date_from,
        date_to=date_to,
        by_partner=by_partner,
    )
