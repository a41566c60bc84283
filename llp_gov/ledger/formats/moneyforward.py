"""MoneyForward クラウド会計 journal import file (仕訳帳インポート).

Layout (MoneyForward クラウド会計 support, 仕訳帳のインポート,
https://biz.moneyforward.com/support/account/guide/import-books/ib01.html): a header row with
the 27 column names below; one row per debit/credit pair, the rows of one entry sharing 取引No
(the debits of an entry equal its credits); 取引日 yyyy/mm/dd; amounts in whole yen; 決算整理仕訳
「1」 on a closing entry. Written as UTF-8 with a BOM (accepted by the importer; it keeps Korean
partner names that Shift_JIS cannot hold). A partner's capital account is 勘定科目 「出資金」 with
the partner as 補助科目; the counterparty goes to 取引先. 税区分 from the account
(formats/taxes.py): 課税売上 10%, 課税仕入 10%, 非課税売上, 非課税仕入, 対象外 (the names of
MoneyForward's 税区分 list, 各種設定>税区分, which the importer matches exactly). 借方インボイス
/ 貸方インボイス take 「適格」 or, for a purchase from an unregistered supplier, the transitional
share: the support page quoted in https://the-board.jp/blogs/news_partner_and_invoice_field_for_mf/
says 取引日 to 2023-09-30 「適格」 only, 2023-10-01 to 2026-09-30 「適格」「80%控除」, and an
empty cell is taken as 「適格」. 「70%控除」 (from 2026-10-01, 令和8年度改正) follows that
pattern, unverified; nothing deductible (from 2031-10-01) is written 対象外.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from llp_gov import exports as shared
from llp_gov.ledger.formats import Line, entries, pairs
from llp_gov.ledger.formats.taxes import INVOICE_SYSTEM_START, line_tax

MIMETYPE = "text/csv; charset=utf-8"
CAPITAL_ACCOUNT = "出資金"

HEADER = [
    "取引No", "取引日",
    "借方勘定科目", "借方補助科目", "借方部門", "借方取引先", "借方税区分", "借方インボイス",
    "借方金額(円)", "借方税額",
    "貸方勘定科目", "貸方補助科目", "貸方部門", "貸方取引先", "貸方税区分", "貸方インボイス",
    "貸方金額(円)", "貸方税額",
    "摘要", "仕訳メモ", "タグ", "MF仕訳タイプ", "決算整理仕訳",
    "作成日時", "作成者", "最終更新日時", "最終更新者",
]  # fmt: skip

TAX_LABELS = {
    "sale": "課税売上 10%",
    "exempt_sale": "非課税売上",
    "purchase": "課税仕入 10%",
    "exempt_purchase": "非課税仕入",
    "outside": "対象外",
}


def tax_cells(line: Line) -> tuple[str, str]:
    """(税区分, インボイス) of a line: a taxable purchase keeps 「課税仕入 10%」 and the
    インボイス column says 「適格」 (registered supplier, from 2023-10-01; empty before, where
    only 適格 is accepted and an empty cell means 適格) or the transitional share 「80%控除」
    (「70%控除」 ... by the dated table); nothing deductible is 「対象外」."""
    kind, share = line_tax(line.code, line.account_type, line.date, line.supplier_registered)
    if kind != "purchase":
        return TAX_LABELS[kind], ""
    if share == 100:
        return TAX_LABELS[kind], "適格" if line.date >= INVOICE_SYSTEM_START else ""
    return (TAX_LABELS[kind], f"{share}%控除") if share else ("対象外", "")


def side(line: Line | None) -> tuple:
    """The eight cells of one side (勘定科目 .. 税額)."""
    if line is None:
        return ("",) * 8
    account, sub = (CAPITAL_ACCOUNT, line.partner) if line.partner else (line.account, "")
    tax, invoice = tax_cells(line)
    return (account, sub, "", line.counterparty or "", tax, invoice, line.debit or line.credit, "")


def check(lines: Iterable[Line]) -> None:
    """Nothing to refuse: UTF-8 holds every character and MoneyForward takes any yen amount."""
    return None


def rows(lines: Iterable[Line]) -> Iterator[tuple]:
    for entry in entries(lines):
        first = entry[0]
        for debit, credit in pairs(entry):
            yield (
                first.number, first.date.strftime("%Y/%m/%d"),
                *side(debit), *side(credit),
                first.description, "", "", "", "1" if first.kind == "closing" else "",
                "", "", "", "",
            )  # fmt: skip


def stream(lines: Iterable[Line], *, header: bool = True) -> Iterator[bytes]:
    return shared.csv_stream([shared.Column(h) for h in HEADER], rows(lines))
