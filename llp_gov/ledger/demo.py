"""Demo books for the Kitakyushu league: contributions from the twelve partners, fiscal year 2024
(April 2024 to March 2025) of commission revenue, subcontracting and travel to Seoul, closed, and
the first entries of fiscal year 2025, open."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from llp_gov.counterparties import services as counterparties
from llp_gov.ledger import services

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

    for year in (2024,):
        for month_index in range(12):
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
    post(
        D(2025, 4, 25),
        "2025年4月分 業務委託料（北九州市 情報システム保守）",
        [{"account": "135", "debit": 1_650_000}, {"account": "410", "credit": 1_650_000}],
        city,
    )
    post(
        D(2025, 4, 28),
        "2025年4月分 外注費",
        [{"account": "510", "debit": 990_000}, {"account": "112", "credit": 990_000}],
    )
