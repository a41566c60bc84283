"""The financial statements as PDF (through llp_gov/pdf: the packaged fonts, deterministic
output, the year's closing time as the document date) and as XLSX for review (through the
shared writer llp_gov/exports.py: one sheet per statement, localised sheet names, #,##0)."""

from __future__ import annotations

from collections.abc import Iterator

from flask import current_app
from flask_babel import gettext as _

from llp_gov import exports as shared
from llp_gov.pdf.render import render_pdf


def render_financial_statements_pdf(fs: dict, locale: str | None = None) -> bytes:
    """The statements of `fs` (financial_statements()) as PDF bytes; the same input gives the
    same bytes (fixed document dates: the year's closing time)."""
    lang = locale or "ja"
    html = current_app.jinja_env.get_template("ledger/financial_statements_print.html").render(
        fs=fs, lang=lang
    )
    fy = fs["fiscal_year"]
    return render_pdf(
        html,
        metadata={
            "title": f"{fs['organisation'].name} {_('Financial statements %(year)s', year=fy.year)}",
            "lang": lang,
            "created": fy.closed_at,
            "modified": fy.closed_at,
        },
    )


def _columns(partners) -> list[shared.Column]:
    return [
        shared.Column(_("Account"), "text", 34),
        shared.Column(_("Amount"), "money"),
        *[shared.Column(p.name, "money", 16) for p in partners],
    ]


def _section_rows(section, partners, label_total=True):
    yield (f"【{section['title']}】",)
    for r in section["rows"]:
        yield (r["name"], r["amount"], *[r["partners"].get(p.id, 0) for p in partners])
    if label_total:
        yield (
            section["total_title"],
            section["total"],
            *[section["partners"].get(p.id, 0) for p in partners],
        )


def _bs_rows(bs):
    partners = bs["partners"]
    s = bs["sections"]
    yield (f"【{_('Assets')}】",)
    yield from _section_rows(s["current_assets"], partners)
    yield from _section_rows(s["fixed_assets"], partners)
    yield (
        _("Total assets"),
        bs["total_assets"],
        *[
            sum(s[k]["partners"].get(p.id, 0) for k in ("current_assets", "fixed_assets"))
            for p in partners
        ],
    )
    yield from _section_rows(s["liabilities"], partners)
    yield from _section_rows(s["net_assets"], partners)
    yield (
        _("Total liabilities and net assets"),
        bs["total_liabilities_and_net_assets"],
        *[
            sum(s[k]["partners"].get(p.id, 0) for k in ("liabilities", "net_assets"))
            for p in partners
        ],
    )


def _pl_rows(pl):
    partners = pl["partners"]
    yield from _section_rows(pl["revenue"], partners)
    yield from _section_rows(pl["expenses"], partners)
    yield (
        _("Net income"),
        pl["net_income"],
        *[pl["net_partners"].get(p.id, 0) for p in partners],
    )


def financial_statements_sheets(fs: dict) -> list[shared.Sheet]:
    """One sheet each: (opening balance sheet,) balance sheet, profit and loss, schedules."""
    sheets = []
    if fs["opening_balance_sheet"]:
        obs = fs["opening_balance_sheet"]
        sheets.append(
            shared.Sheet(_("Opening balance sheet"), _columns(obs["partners"]), _bs_rows(obs))
        )
    bs, pl, sc = fs["balance_sheet"], fs["profit_and_loss"], fs["schedules"]
    sheets.append(shared.Sheet(_("Balance sheet"), _columns(bs["partners"]), _bs_rows(bs)))
    sheets.append(
        shared.Sheet(_("Profit and loss statement"), _columns(pl["partners"]), _pl_rows(pl))
    )
    capital_cols = [
        shared.Column(_("Partner"), "text", 30),
        *[
            shared.Column(h, "money")
            for h in (
                _("Opening"),
                _("Contributions"),
                _("Allocated result"),
                _("Distributions"),
                _("Other"),
                _("Closing"),
            )
        ],
    ]
    keys = ("opening", "contributions", "allocated", "distributions", "other", "closing")
    sheets.append(
        shared.Sheet(
            _("Schedule of partners’ capital"),
            capital_cols,
            [(r["name"], *[r[k] for k in keys]) for r in sc["capital"]],
            totals=True,
            totals_label=_("Total"),
        )
    )
    move_cols = [
        shared.Column(_("Account"), "text", 30),
        *[
            shared.Column(h, "money")
            for h in (_("Opening"), _("Increase"), _("Decrease"), _("Closing"))
        ],
    ]
    for key, title in (
        ("fixed_assets", _("Schedule of fixed assets")),
        ("borrowings", _("Schedule of borrowings")),
    ):
        rows = [
            (r["name"], r["opening"], r["increase"], r["decrease"], r["closing"]) for r in sc[key]
        ]
        sheets.append(shared.Sheet(title, move_cols, rows, totals=True, totals_label=_("Total")))
    return sheets


def financial_statements_xlsx(fs: dict, *, tz: str | None = None) -> Iterator[bytes]:
    return shared.xlsx_stream(financial_statements_sheets(fs), tz=tz)
