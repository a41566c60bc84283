"""The ledger's reports (trial balance, balance sheet, profit and loss) as tables for the
export files: headers, rows (with per-partner columns when asked) and the numeric columns a
totals row adds up; the columns' kinds for the shared writer (llp_gov/exports.py)."""

from __future__ import annotations

from flask_babel import gettext as _

from llp_gov import exports as shared
from llp_gov.ledger.labels import label

REPORT_TITLES = {
    "contributions": lambda: _("Contributions register"),
    "trial-balance": lambda: _("Trial balance"),
    "balance-sheet": lambda: _("Balance sheet"),
    "profit-and-loss": lambda: _("Profit and loss"),
}


def report_columns(headers: list, kind: str) -> list[shared.Column]:
    """Columns of a report table: codes and names as text, amounts (and partners) as money."""
    first_money = 4 if kind == "profit-and-loss" else 3
    return [
        shared.Column(
            h, "money" if i >= first_money else "text", (10, 30, 10, 14)[i] if i < 4 else None
        )
        for i, h in enumerate(headers)
    ]


def report_table(
    data: dict, locale: str | None = None
) -> tuple[list[str], list[tuple], tuple[int, ...]]:
    """A report as (headers, rows, numeric columns to total)."""
    partners = data.get("partners") or []
    names = [p.name for p in partners]
    rows = []
    numeric: tuple[int, ...]
    if data["kind"] == "trial-balance":
        headers = [
            _("Account code"),
            _("Account"),
            _("Type"),
            _("Debit"),
            _("Credit"),
            _("Balance"),
        ] + names
        for r in data["rows"]:
            extra = [r["partners"].get(p.id, 0) for p in partners] if partners else []
            rows.append(
                (
                    r["code"],
                    r["account"].display_name(locale),
                    label(r["type"], "account_type"),
                    r["debit"],
                    r["credit"],
                    r["balance"],
                    *extra,
                )
            )
        numeric = (3, 4)
    elif data["kind"] == "profit-and-loss":
        headers = [
            _("Account code"),
            _("Account"),
            _("Type"),
            _("Income category"),
            _("Amount"),
        ] + names
        for r in data["rows"]:
            extra = [r["partners"].get(p.id, 0) for p in partners] if partners else []
            rows.append(
                (
                    r["code"],
                    r["account"].display_name(locale),
                    label(r["type"], "account_type"),
                    label(r["category"], "income_category"),
                    r["amount"],
                    *extra,
                )
            )
        net = data["totals"]["net_income"]
        extra = (
            [data["totals"].get("partners", {}).get(p.id, 0) for p in partners] if partners else []
        )
        rows.append((None, _("Net income"), None, None, net, *extra))
        numeric = ()
    else:
        headers = [_("Account code"), _("Account"), _("Type"), _("Amount")] + names
        for r in data["rows"]:
            extra = [r["partners"].get(p.id, 0) for p in partners] if partners else []
            rows.append(
                (
                    r["code"],
                    r["account"].display_name(locale),
                    label(r["type"], "account_type"),
                    r["amount"],
                    *extra,
                )
            )
        extra = (
            [data.get("unallocated_partners", {}).get(p.id, 0) for p in partners]
            if partners
            else []
        )
        rows.append(
            (
                None,
                _("Result of the open year (not yet allocated)"),
                label("capital", "account_type"),
                data["unallocated"],
                *extra,
            )
        )
        rows.append((None, _("Net assets"), None, data["net_assets"], *([None] * len(partners))))
        numeric = ()
    return headers, rows, numeric


# --- entry point ----------------------------------------------------------------------------
