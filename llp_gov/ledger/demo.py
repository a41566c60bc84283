"""Demo books for the Kitakyushu league: contributions from the twelve partners, fiscal year 2024
(April 2024 to March 2025) of commission revenue, subcontracting and travel to Seoul, closed, its
financial statements and partners' income statements issued (signed with the demo's trial key),
and fiscal year 2025, closed with its statements issued too: April's commission is a qualified
invoice with two items, issued once every partner's registration and the all-partners notice
are recorded.
The Seoul league's partners are not registered issuers, so its invoices page shows why it cannot
issue one (Consumption Tax Act 57-6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from llp_gov.counterparties import services as counterparties
from llp_gov.invoices import services as invoices
from llp_gov.ledger import issuing, services
from llp_gov.signing import keys

D = dt.date
# The three founding companies put in more; the other nine ¥1,000,000 each.
AMOUNTS = [3_000_000, 2_000_000, 2_000_000] + [1_000_000] * 9


def load(ctx) -> None:
    org, acc = ctx["klic"], ctx["users"]["accountant"]
    partners = ctx["klic_partners"]
    start = org.effective_date
    for partner, amount in zip(partners, AMOUNTS, strict=True):
        services.record_contribution(
            actor=acc,
            organisation=org,
            partner=partner,
            kind="money",
            agreed_amount=amount,
            received_amount=amount,
            received_on=start,
            note="設立時出資",
        )
    city = counterparties.create_counterparty(
        actor=acc,
        organisation=org,
        name="北九州市産業経済局",
        name_en="City of Kitakyushu, Industrial Economy Bureau",
        name_ko="기타큐슈시 산업경제국",
    )
    airline = counterparties.create_counterparty(
        actor=acc,
        organisation=org,
        name="株式会社スターフライヤー",
        name_en="StarFlyer Inc.",
        name_ko="스타플라이어",
    )

    def post(on, text, lines, counterparty=None):
        services.post_entry(
            actor=acc,
            organisation=org,
            entry_date=on,
            description=text,
            lines=lines,
            counterparty_id=counterparty.id if counterparty else None,
        )

    for year in (2024, 2025):
        for month_index in range(12):
            if (year, month_index) == (2025, 0):
                continue  # April 2025 is billed with the qualified invoice below
            month = (3 + month_index) % 12 + 1
            y = year if month >= 4 else year + 1
            fee = 1_650_000 if month_index % 3 else 2_200_000
            post(
                D(y, month, 25),
                f"{y}年{month}月分 業務委託料（北九州市 情報システム保守）",
                [{"account": "135", "debit": fee}, {"account": "410", "credit": fee}],
                city,
            )
            post(
                D(y, month, 28),
                f"{y}年{month}月分 売掛金入金",
                [{"account": "112", "debit": fee}, {"account": "135", "credit": fee}],
                city,
            )
            sub = fee * 6 // 10
            post(
                D(y, month, 28),
                f"{y}年{month}月分 外注費（組合員 {partners[month_index].name}）",
                [{"account": "510", "debit": sub}, {"account": "112", "credit": sub}],
            )
            if month in (6, 11, 2):
                post(
                    D(y, month, 12),
                    "ソウル出張旅費（SICAM技術交流会）",
                    [
                        {
                            "account": "520",
                            "debit": 132_000,
                            "currency": "KRW",
                            "original_amount": Decimal("1200000"),
                            "rate": Decimal("0.11"),
                            "rate_date": D(y, month, 12),
                        },
                        {"account": "112", "credit": 132_000},
                    ],
                    airline,
                )
            post(
                D(y, month, 27),
                f"{y}年{month}月分 通信費",
                [{"account": "530", "debit": 22_000}, {"account": "112", "credit": 22_000}],
            )
    services.close_fiscal_year(actor=acc, organisation=org, year=2024)
    # The closed year's statements are issued through the service, signed like every issued
    # document of the demo (a self-signed trial key; `flask signing init` makes the same).
    if not keys.has_key(org):
        keys.init_trial_key(org)
    for kind in ("financial_statements", "partner_income"):
        issuing.issue_statements(actor=acc, organisation=org, year=2024, kind=kind)
    # Every partner is a registered issuer and the notice is filed: April's commission is
    # billed with a qualified invoice (posted Dr 135 / Cr 410 by the invoice service).
    for partner in partners:
        invoices.register_partner(
            actor=acc,
            organisation=org,
            partner_id=partner.id,
            t_number=partner.invoice_number or "",
            registered_from=D(2023, 10, 1),
        )
    invoices.record_notice(actor=acc, organisation=org, filed_on=D(2023, 10, 1))
    invoices.issue_invoice(
        actor=acc,
        organisation=org,
        issuing_partner_id=partners[0].id,
        counterparty_id=city.id,
        transaction_date=D(2025, 4, 25),
        reference="2025年4月分 業務委託（北九州市 情報システム保守）",
        items=[
            {"description": "情報システム保守（2025年4月分）", "quantity": 1,
             "unit_price": 1_200_000, "rate": 10},
            {"description": "障害対応（オンサイト）", "quantity": 4, "unit_price": 75_000,
             "rate": 10},
        ],
    )  # fmt: skip
    post(
        D(2025, 4, 28),
        "2025年4月分 外注費",
        [{"account": "510", "debit": 990_000}, {"account": "112", "credit": 990_000}],
    )
    # FY2025 ended on 2026-03-31: closed and its statements issued like FY2024's, so the
    # dashboard shows no overdue deadline (LLP Act 31(2): within two months of the year end).
    services.close_fiscal_year(actor=acc, organisation=org, year=2025)
    for kind in ("financial_statements", "partner_income"):
        issuing.issue_statements(actor=acc, organisation=org, year=2025, kind=kind)
