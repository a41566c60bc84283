"""Yayoi (弥生会計) journal import file, 「弥生インポート形式」 (仕訳日記帳).

Layout (Yayoi support, 弥生インポート形式の仕訳データ, https://support.yayoi-kk.co.jp/subcontents.html?page_id=18545
and インポートデータの税区分, https://support.yayoi-kk.co.jp/faq_Subcontents.html?page_id=1430):
25 columns, no header row, Shift_JIS, CRLF. 識別フラグ 2000 for a one-row entry; 2110 / 2100 /
2101 for the first, middle and last row of a multi-row entry. 決算 「本決」 on a closing entry.
取引日付 yyyy/mm/dd. Limits enforced here (Yayoi cuts longer text silently, merging accounts):

- 勘定科目 and 補助科目: 24 bytes (全角 12 characters). A partner's capital account is written as
  勘定科目 「出資金」 with the partner in 補助科目, by one rule for every partner: its capital
  account code, a space and its name, cut to 24 bytes in Shift_JIS (the code is unique, so two
  partners never share a sub-account, whatever the length of their names).
  Another account name longer than 24 bytes is refused.
- 金額: at most 9 digits (¥999,999,999); a larger amount is refused with the rows named.
- 摘要: 64 bytes (全角 32); longer descriptions are cut (the full text stays in our journal).
- 税区分: from the account (see formats/taxes.py); tax-included (内税) at 10 %: 課税売上内10%,
  非課売上, 非課仕入, 対象外; a taxable purchase from a registered supplier 「課対仕入内10%適格」
  (「課対仕入内10%」 before 2023-10-01), from an unregistered one 「課対仕入込10%区分80%」 (70,
  50, 30 by the dated table) and 対象外 once nothing is deductible. 税金額 is left empty: Yayoi
  computes it. Source of the invoice-era labels: freee's notice on its Yayoi-format journal
  export, written so that 「インボイス対応後の弥生会計でも仕訳帳を正常にインポートできる」
  (https://developer.freee.co.jp/news/6758, 2023-11-06: 「課対仕入内10%適格」,
  「課対仕入込10%区分80%」); Yayoi's own list (faq page_id=1430 above) could not be fetched
  from here. 区分70%/区分30% (added by the 令和8年度改正) follow the same pattern, unverified.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask_babel import gettext as _

from llp_gov import exports as shared
from llp_gov.ledger.formats import (
    Line,
    cp932_bytes,
    cp932_check,
    cut_cp932,
    entries,
    line_label,
    refuse,
)
from llp_gov.ledger.formats.taxes import INVOICE_SYSTEM_START, line_tax

MIMETYPE = "text/csv; charset=shift_jis"
NAME_BYTES = 24
MEMO_BYTES = 64
MAX_AMOUNT = 999_999_999  # 9 digits
CAPITAL_ACCOUNT = "出資金"

HEADER = [
    "識別フラグ", "伝票No.", "決算", "取引日付",
    "借方勘定科目", "借方補助科目", "借方部門", "借方税区分", "借方金額", "借方税金額",
    "貸方勘定科目", "貸方補助科目", "貸方部門", "貸方税区分", "貸方金額", "貸方税金額",
    "摘要", "番号", "期日", "タイプ", "生成元", "仕訳メモ", "付箋1", "付箋2", "調整",
]  # fmt: skip

TAX_LABELS = {
    "sale": "課税売上内10%",
    "exempt_sale": "非課売上",
    "purchase": "課対仕入内10%",
    "exempt_purchase": "非課仕入",
    "outside": "対象外",
}


def tax_label(line: Line) -> str:
    """税区分 of a line: a taxable purchase from a registered supplier (or any before the
    invoice system) is 「課対仕入内10%適格」 (「課対仕入内10%」 before 2023-10-01); from an
    unregistered supplier 「課対仕入込10%区分80%」 with the transitional share on the date;
    「対象外」 once nothing is deductible."""
    kind, share = line_tax(line.code, line.account_type, line.date, line.supplier_registered)
    if kind != "purchase":
        return TAX_LABELS[kind]
    if share == 100:
        return "課対仕入内10%適格" if line.date >= INVOICE_SYSTEM_START else TAX_LABELS[kind]
    return f"課対仕入込10%区分{share}%" if share else "対象外"


def account_cells(line: Line) -> tuple[str, str]:
    """(勘定科目, 補助科目) within Yayoi's 24 bytes each."""
    if line.partner is None:
        return shared.neutralise(line.account), ""
    return CAPITAL_ACCOUNT, cut_cp932(shared.neutralise(f"{line.code} {line.partner}"), NAME_BYTES)


def check(lines: Iterable[Line]) -> None:
    """Refuse amounts over 9 digits, account names over 24 bytes and text Shift_JIS cannot
    encode, naming the rows."""
    too_big, too_long, texts = [], [], []
    for line in lines:
        amount = line.debit or line.credit
        if amount > MAX_AMOUNT:
            too_big.append(_("%(row)s: ¥%(amount)s", row=line_label(line), amount=f"{amount:,}"))
        if line.partner is None and cp932_bytes(line.account) > NAME_BYTES:
            too_long.append(f"{line_label(line)}: {line.account}")
        texts.append((line, line.description, line.account, line.partner or ""))
    refuse(
        too_big,
        _("Yayoi takes amounts of at most 9 digits (¥999,999,999); split these lines:"),
        "amount",
    )
    refuse(
        too_long,
        _("Yayoi cuts account names to 24 bytes (12 full-width characters); shorten these:"),
        "account",
    )
    cp932_check(texts, lambda _n, row: line_label(row[0]))


def rows(lines: Iterable[Line]) -> Iterator[tuple]:
    """The journal in Yayoi's 25 columns, every text already within its limit."""
    for entry in entries(lines):
        first = entry[0]
        closing = "本決" if first.kind == "closing" else ""
        date = first.date.strftime("%Y/%m/%d")
        memo = cut_cp932(shared.neutralise(first.description), MEMO_BYTES)
        tail = (memo, "", "", "0", "", "", "0", "0", "no")
        debits = [ln for ln in entry if ln.debit]
        credits = [ln for ln in entry if ln.credit]
        if len(debits) == 1 and len(credits) == 1:
            d, c = debits[0], credits[0]
            yield (
                "2000", first.number, closing, date,
                *account_cells(d), "", tax_label(d), d.debit, "",
                *account_cells(c), "", tax_label(c), c.credit, "",
                *tail,
            )  # fmt: skip
            continue
        for i, ln in enumerate(entry):
            flag = "2110" if i == 0 else ("2101" if i == len(entry) - 1 else "2100")
            cells: tuple[object, ...]  # the twelve cells of both sides, one of them empty
            if ln.debit:
                cells = (
                    *account_cells(ln),
                    "",
                    tax_label(ln),
                    ln.debit,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                )
            else:
                cells = (
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    *account_cells(ln),
                    "",
                    tax_label(ln),
                    ln.credit,
                    "",
                )
            yield (flag, first.number, closing, date, *cells, *tail)


def stream(lines: Iterable[Line], *, header: bool = False) -> Iterator[bytes]:
    columns = [shared.Column(h) for h in HEADER]
    return shared.csv_stream(columns, rows(lines), encoding="cp932", header=header)
