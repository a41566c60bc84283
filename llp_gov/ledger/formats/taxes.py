"""Consumption-tax category of a journal line, for the accounting packages' import files.

The category follows the account (a revenue account such as 受託収入 is a taxable sale at the
standard 10 % rate; interest received is an exempt sale; capital, cash and other balance-sheet
accounts are outside the tax) and, for a taxable purchase from a supplier who is not a
registered qualified-invoice issuer (the counterparty has no T-number), the share of the input
tax still deductible on the transaction date under the transitional measure.

Transitional measure: 所得税法等の一部を改正する法律（平成28年法律第15号）附則52条・53条
(purchases from unregistered suppliers, 80 % from 2023-10-01 to 2026-09-30), as amended by the
令和8年度税制改正 (70 % to 2028-09-30, 50 % to 2030-09-30, 30 % to 2031-09-30, nothing from
2031-10-01). Sources: https://www.nta.go.jp/taxes/shiraberu/zeimokubetsu/shohi/keigenzeiritsu/invoice_about.htm
and https://elaws.e-gov.go.jp/document?lawid=428AC0000000015 (附則52条・53条).
Only the standard rate (10 %) is encoded: the chart has no reduced-rate (8 %) accounts.
"""

from __future__ import annotations

import datetime as dt

D = dt.date

# (first day, last day, deductible percent) for purchases from unregistered suppliers.
UNREGISTERED_DEDUCTIBLE_SHARE: tuple[tuple[dt.date, dt.date, int], ...] = (
    (D(2023, 10, 1), D(2026, 9, 30), 80),
    (D(2026, 10, 1), D(2028, 9, 30), 70),
    (D(2028, 10, 1), D(2030, 9, 30), 50),
    (D(2030, 10, 1), D(2031, 9, 30), 30),
)
INVOICE_SYSTEM_START = D(2023, 10, 1)

# Tax kind of the seeded accounts (chart.SEED codes); other accounts follow their type.
ACCOUNT_TAX_KIND = {
    "410": "sale",  # 受託収入: taxable sale (消費税法 4条1項)
    "415": "sale",  # 売上高
    "420": "exempt_sale",  # 受取利息: exempt (消費税法 6条, 別表第二 3号)
    "430": "outside",  # 受取配当金: not a supply for consideration
    "440": "sale",  # 受取家賃: business premises (residential rent would be exempt)
    "450": "outside",  # 固定資産売却益: the gain is not the consideration
    "490": "outside",  # 雑収入: mixed, the accountant classifies
    "570": "outside",  # 租税公課
    "580": "exempt_purchase",  # 支払利息
}


def deductible_share(on: dt.date) -> int:
    """Percent of the input tax deductible on a purchase from an unregistered supplier on `on`
    (a legal-zone date): 100 before the invoice system, then the dated table, then 0."""
    if on < INVOICE_SYSTEM_START:
        return 100
    for first, last, share in UNREGISTERED_DEDUCTIBLE_SHARE:
        if first <= on <= last:
            return share
    return 0


def tax_kind(code: str, account_type: str) -> str:
    """One of sale, exempt_sale, purchase, exempt_purchase, outside."""
    if code in ACCOUNT_TAX_KIND:
        return ACCOUNT_TAX_KIND[code]
    if account_type == "revenue":
        return "sale"
    if account_type == "expense":
        return "purchase"
    return "outside"


def line_tax(code: str, account_type: str, on: dt.date, supplier_registered: bool) -> tuple:
    """(kind, deductible percent) of a line: the percent is 100 except for a taxable purchase
    from an unregistered supplier (the transitional share on `on`)."""
    kind = tax_kind(code, account_type)
    if kind == "purchase" and not supplier_registered:
        return kind, deductible_share(on)
    return kind, 100
