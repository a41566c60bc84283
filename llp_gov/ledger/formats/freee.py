"""freee会計 journal import file (仕訳帳形式のインポート / 振替伝票).

Layout (freee help, 仕訳帳形式でインポートする, https://support.freee.co.jp/hc/ja/articles/360000045543):
a header row with the column names below; one row per debit/credit pair, the rows of one entry
sharing 伝票番号 (debits equal credits per number); 日付 yyyy/mm/dd; amounts in whole yen;
決算整理仕訳 「決算整理」 on a closing entry. UTF-8 with a BOM. freee has no sub-accounts: a
partner's capital account is 勘定科目 「出資金」 with the partner as 取引先 (freee's tag for
per-party balances); otherwise 取引先 is the counterparty. 税区分 from the account
(formats/taxes.py) in freee's 日本語税区分名 (name_ja): 課税売上10% (code 129), 課対仕入10%
(136), 非課売上 (23), 非課仕入 (37), 対象外 (2); for a purchase from an unregistered supplier
課対仕入(控80) 10% (189), 課対仕入(控50) 10% (190), 課対仕入(控70) 10% (234) and 課対仕入(控30)
10% (the 令和8年度改正 set), half-width parentheses and a space before the rate; 対象外 once
nothing is deductible (freee: 「2031年10月~:0%(税区分としては対象外となります)」).
Sources: https://developer.freee.co.jp/news/1434 (10 % codes),
https://developer.freee.co.jp/news/6471 (控80/控50), https://developer.freee.co.jp/accounting/accounting-improvement/8133
(控70/控30 and the dated periods).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from llp_gov import exports as shared
from llp_gov.ledger.formats import Line, entries, pairs
from llp_gov.ledger.formats.taxes import line_tax

MIMETYPE = "text/csv; charset=utf-8"
CAPITAL_ACCOUNT = "出資金"

HEADER = [
    "日付", "伝票番号", "決算整理仕訳",
    "借方勘定科目", "借方科目コード", "借方取引先", "借方品目", "借方部門", "借方メモ",
    "借方税区分", "借方金額", "借方税額",
    "貸方勘定科目", "貸方科目コード", "貸方取引先", "貸方品目", "貸方部門", "貸方メモ",
    "貸方税区分", "貸方金額", "貸方税額",
    "摘要",
]  # fmt: skip

TAX_LABELS = {
    "sale": "課税売上10%",
    "exempt_sale": "非課売上",
    "purchase": "課対仕入10%",
    "exempt_purchase": "非課仕入",
    "outside": "対象外",
}


def tax_label(line: Line) -> str:
    """税区分 of a line in freee's names (see the module docstring and its sources)."""
    kind, share = line_tax(line.code, line.account_type, line.date, line.supplier_registered)
    if kind == "purchase" and share < 100:
        return f"課対仕入(控{share}) 10%" if share else "対象外"
    return TAX_LABELS[kind]


def side(line: Line | None) -> tuple:
    """The nine cells of one side (勘定科目 .. 税額)."""
    if line is None:
        return ("",) * 9
    if line.partner:
        account, party = CAPITAL_ACCOUNT, line.partner
    else:
        account, party = line.account, line.counterparty or ""
    amount = line.debit or line.credit
    return (account, "", party, "", "", "", tax_label(line), amount, "")


def check(lines: Iterable[Line]) -> None:
    """Nothing to refuse: UTF-8 holds every character and freee takes any yen amount."""
    return None


def rows(lines: Iterable[Line]) -> Iterator[tuple]:
    for entry in entries(lines):
        first = entry[0]
        for debit, credit in pairs(entry):
            yield (
                first.date.strftime("%Y/%m/%d"), first.number,
                "決算整理" if first.kind == "closing" else "",
                *side(debit), *side(credit),
                first.description,
            )  # fmt: skip


def stream(lines: Iterable[Line], *, header: bool = True) -> Iterator[bytes]:
    return shared.csv_stream([shared.Column(h) for h in HEADER], rows(lines))
