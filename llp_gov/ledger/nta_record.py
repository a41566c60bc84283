"""The tax agency's record of 有限責任事業組合等に係る組合員所得に関する計算書 for filing on media
(光ディスク等による法定調書の提出): one CSV record per partner, Shift_JIS, JIS X 0208 levels 1-2.

Source (checked item by item, 2026-12-06): National Tax Agency, 「光ディスク及び磁気ディスクに
より提出する場合の標準規格等」 (法定資料を光ディスク及び磁気ディスクにより提出する場合の標準規格
等の制定について, 課総3-4 平成17年6月17日, as last amended: the edition listing 58 kinds of
法定資料 incl. (58) 国外電子決済手段移転等調書), section 2 (CSV, シフトJIS, JIS第1・第2水準),
section 3 (file name ``354dat**.txt``: item (37), 所得税法施行規則 別表七(二)), section 4
「レコードの内容及び記録要領 (37)【有限責任事業組合等に係る組合員所得に関する計算書：354】」
items 1-127, and section 5 (no thousands separators, every item delimited even when empty,
half-width text converted to full-width, 外字 refused). Published from
https://www.nta.go.jp/taxes/tetsuzuki/shinsei/hoteichosho/06.htm (法定調書の光ディスク等による
提出); the text read was the NTA document as scraped in github.com/Momonganz/dify_tax_mammoth,
tax_data/scraped_JPtax/www.nta.go.jp_law__7677.md (commit d19e9f9e). The earlier reading "367"
was wrong: 367 is 損害保険契約等の年金の支払調書.

Readings: the 収益/費用 breakdowns carry this partner's share of each account (the closing's
allocation, Income Tax Act 227-2 and 所得税法施行規則 96条の2 ト); the 資産/負債 breakdowns
carry its share on the last day of its period (チ: the day before a withdrawal); 計算期間 is the
LLP's fiscal year and the partner's admission or withdrawal is stated in 摘要; 損益分配割合 is a
percentage (整数部 up to 3 digits, 小数部 3 digits, truncated). 個人番号 (My Number) is not kept
by llp-gov: items 126-127 carry a 法人番号 when the partner is a corporation and are empty
otherwise (to be completed by the filer for individuals). 科目 (10 characters) and 組合事業の
内容 (100) are cut to their lengths (they come from the chart and the agreement, which the filer
cannot shorten for the filing); names, addresses and amounts over their lengths are refused.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov import exports as shared
from llp_gov.db import db
from llp_gov.errors import ValidationError
from llp_gov.ledger import financial_statements as fin
from llp_gov.ledger.models import (
    Account,
    Allocation,
    Contribution,
    Distribution,
    DistributionShare,
)

DOC_CODE = "354"  # 法定資料の種類 of item (37); also the file name 354dat01.txt
FILE_NAME = f"{DOC_CODE}dat01.txt"
OTHERS = "その他計"
# (items per breakdown, the maximum lines) — 収益 9, 費用 13, 資産 8, 負債 8 (items 46-122).
REVENUE_LINES, EXPENSE_LINES, ASSET_LINES, LIABILITY_LINES = 9, 13, 8, 8
HEISEI_END = dt.date(2019, 4, 30)


def era_date(day: dt.date) -> tuple[str, str, str]:
    """(年, 月, 日) in the Japanese era, two digits each: 2026-04-01 -> ("08", "04", "01")
    (Reiwa from 2019-05-01, Heisei before)."""
    year = day.year - (1988 if day <= HEISEI_END else 2018)
    return f"{year:02d}", f"{day.month:02d}", f"{day.day:02d}"


def era_text(day: dt.date) -> str:
    """A date written in the era for 摘要: 2025-10-01 -> 令和7年10月1日."""
    year, _m, _d = era_date(day)
    era = "平成" if day <= HEISEI_END else "令和"
    return f"{era}{int(year)}年{day.month}月{day.day}日"


def zenkaku(text: str | None) -> str:
    """Text for a 全角 item: NFKC (half-width katakana, circled digits, ㈱ ...), then ASCII
    and spaces to their full-width forms (standard section 5(4)イ)."""
    out = []
    for ch in unicodedata.normalize("NFKC", text or ""):
        code = ord(ch)
        if 0x21 <= code <= 0x7E:
            out.append(chr(code + 0xFEE0))
        elif ch == " ":
            out.append("\u3000")
        else:
            out.append(ch)
    return "".join(out)


def hankaku(text: str | None) -> str:
    """Text for a 半角 item (phone numbers, numbers): NFKC, which turns full-width digits,
    letters and hyphens into ASCII."""
    return unicodedata.normalize("NFKC", text or "").strip()


def _lines(items: list[tuple[str, int]], limit: int) -> list[Any]:
    """科目 and 額 pairs, `limit` lines; with more, the last line is その他計 (the rest)."""
    items = [(name, amount) for name, amount in items if amount]
    if len(items) > limit:
        items = [*items[: limit - 1], (OTHERS, sum(a for _n, a in items[limit - 1 :]))]
    cells: list[Any] = []
    for name, amount in items:
        cells += [zenkaku(name)[:10], amount]
    return cells + [""] * (2 * limit - len(cells))


def _distributions(partner_id: int, start: dt.date, end: dt.date) -> tuple[list[Any], int]:
    """Items 30-45: three distributions of the period (the third sums the rest when there are
    four or more) and the total distributed to the partner up to the period end."""
    rows = db.session.execute(
        select(Distribution.distributed_on, DistributionShare.amount)
        .join(Distribution, Distribution.id == DistributionShare.distribution_id)
        .where(DistributionShare.partner_id == partner_id, Distribution.distributed_on <= end)
        .order_by(Distribution.distributed_on, Distribution.id)
    ).all()
    total = sum(amount for _d, amount in rows)
    period = [(day, amount) for day, amount in rows if day >= start and amount]
    cells: list[Any] = []
    for number, (day, amount) in enumerate(period[:3], start=1):
        if number == 3 and len(period) > 3:
            rest = sum(a for _d, a in period[2:])
            cells += ["", "", "", rest, zenkaku("分配額（３）以降の合計")]
        else:
            cells += [*era_date(day), amount, ""]
    return cells + [""] * (15 - len(cells)), total


def _purpose_of_contributions(organisation_id: int, partner_id: int) -> str:
    kinds = set(
        db.session.scalars(
            select(Contribution.kind).where(
                Contribution.organisation_id == organisation_id,
                Contribution.partner_id == partner_id,
            )
        )
    )
    if not kinds or kinds == {"money"}:
        return "金銭"
    return "金銭及び金銭以外の財産" if "money" in kinds else "金銭以外の財産"


def bookkeeper(statements: list[dict]):
    """The partner who keeps the books (会計帳簿を作成した組合員, item 20): the one whose
    execution role names the accounts (会計, 経理, 帳簿), else the first on the register."""
    partners = [st["partner"] for st in statements]
    for p in partners:
        role = p.execution_role or ""
        if any(word in role for word in ("会計", "経理", "帳簿")):
            return p
    return partners[0] if partners else None


def _shares(fy, partner_id: int) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    rows = db.session.execute(
        select(Account, Allocation.amount)
        .join(Account, Account.id == Allocation.account_id)
        .where(Allocation.fiscal_year_id == fy.id, Allocation.partner_id == partner_id)
        .order_by(Account.code)
    ).all()
    revenue = [(a.name, amount) for a, amount in rows if a.type == "revenue"]
    expense = [(a.name, -amount) for a, amount in rows if a.type == "expense"]
    return revenue, expense


def records(data: dict, *, actor, made_on: dt.date, phone: str = "") -> list[tuple]:
    """The 127 items of each partner's record (see the module docstring), in register order.

    `data` is `partner_income.partner_income(...)` for `actor`; `made_on` is 作成年月日 (a legal-zone
    date); `phone` the LLP's telephone number. Amounts are integer yen without separators.
    Raises ValidationError naming the partner and the item when a name, an address or an
    amount exceeds its length."""
    org, fy, statements = data["organisation"], data["fiscal_year"], data["statements"]
    keeper = bookkeeper(statements)
    all_contributions = sum(st["contributions"] for st in statements)
    sheets: dict[dt.date, dict] = {}
    out: list[tuple] = []
    problems: list[str] = []
    for st in statements:
        p = st["partner"]
        on = st["period_to"]
        if on not in sheets:
            sheets[on] = fin.balance_sheet(actor=actor, organisation=org, on=on)
        sections = sheets[on]["sections"]

        def share(keys: tuple[str, ...], pid: int = p.id, secs: dict = sections):
            return [
                (row["name"], row["partners"].get(pid, 0)) for k in keys for row in secs[k]["rows"]
            ]

        assets = share(("current_assets", "fixed_assets"))
        liabilities = share(("liabilities",))
        revenue, expense = _shares(fy, p.id)
        paid, paid_total = _distributions(p.id, st["period_from"], st["period_to"])
        num, den = (int(x) for x in st["ratio"].split("/")) if st["ratio"] else (0, 1)
        thousandths = num * 100_000 // den
        notes = []
        if st["joined"]:
            notes.append(era_text(st["joined"]) + "加入")
        if st["left"]:
            notes.append(era_text(st["left"]) + "脱退")
        total_assets = sum(a for _n, a in assets)
        total_liabilities = sum(a for _n, a in liabilities)
        record = (
            DOC_CODE, "", "", zenkaku(org.office_address), zenkaku(org.name), hankaku(phone),
            "", "", "", "0", *era_date(fy.starts_on), *era_date(fy.ends_on),
            zenkaku(p.address), "0" if (p.country or "JP") == "JP" else "1", zenkaku(p.name),
            zenkaku(keeper.name if keeper else ""), *era_date(made_on),
            zenkaku(org.business_purpose)[:100], st["contributions"], all_contributions,
            _purpose_of_contributions(org.id, p.id),
            str(thousandths // 1000), f"{thousandths % 1000:03d}",
            *paid, paid_total,
            *_lines(revenue, REVENUE_LINES), *_lines(expense, EXPENSE_LINES),
            *_lines(assets, ASSET_LINES), total_assets,
            *_lines(liabilities, LIABILITY_LINES), total_liabilities,
            total_assets - total_liabilities, zenkaku("、".join(notes)),
            hankaku(keeper.corporate_number if keeper else ""), hankaku(p.corporate_number),
        )  # fmt: skip
        assert len(record) == 127, len(record)
        problems += _length_problems(p.name, record)
        out.append(record)
    if problems:
        raise ValidationError(
            _(
                "The tax agency's file limits the length of each item; shorten these: %(items)s",
                items="; ".join(problems),
            ),
            format=_("Items too long for the tax agency's record layout."),
        )
    return out


# (item number (1-based), its name, maximum length) for the items checked, not cut.
_LIMITS = (
    (4, "提出義務者の所在地", 60),
    (5, "提出義務者の名称", 30),
    (6, "電話番号", 15),
    (17, "組合員の住所", 60),
    (19, "組合員の氏名又は名称", 30),
    (20, "会計帳簿を作成した組合員", 30),
    (25, "出資の価額（当該組合員分）", 12),
    (26, "出資の価額（全組合員分）", 12),
    (45, "分配額の合計額", 12),
    (106, "資産合計", 14),
    (123, "負債合計", 14),
    (124, "資産合計－負債合計", 15),
)


def _length_problems(partner: str, record: tuple) -> list[str]:
    bad = []
    for item, name, limit in _LIMITS:
        value = record[item - 1]
        if len(str(value)) > limit:
            bad.append(f"{partner}: {item} {name} ({len(str(value))} > {limit})")
    return bad


def jis_x0208_problems(rows) -> list[tuple[int, str]]:
    """Rows (1-based) with characters outside JIS X 0208 levels 1-2 (and ASCII), with them."""
    bad = []
    for number, row in enumerate(rows, start=1):
        chars: list[str] = []
        for v in row:
            if isinstance(v, str) and not v.isascii():
                chars += [ch for ch in v if not in_jis_x0208(ch) and ch not in chars]
        if chars:
            bad.append((number, "".join(chars)))
    return bad


def in_jis_x0208(ch: str) -> bool:
    """ASCII or a character of JIS X 0208 (non-kanji rows 1-8, level 1 and level 2 kanji),
    judged by its Shift_JIS code: not half-width katakana, NEC row 13 (e.g. ①), rows 9-15 or
    the IBM / NEC-selected extensions (e.g. 髙, 﨑) that cp932 adds."""
    try:
        code = shared.to_cp932(ch).encode("cp932")
    except UnicodeEncodeError:
        return False
    if len(code) == 1:
        return code[0] < 0x80
    lead, trail = code[0], code[1]
    if 0x85 <= lead <= 0x87 or (lead == 0x88 and trail < 0x9F):
        return False
    return lead < 0xED


def record_file(data: dict, *, actor, made_on: dt.date, phone: str = "") -> bytes:
    """The record file ``354dat01.txt`` in Shift_JIS (CRLF, no header, one record per
    partner). Raises ValidationError naming the partners and the characters outside JIS X 0208
    levels 1-2 (after the full-width conversion), or the items over their lengths."""
    rows = records(data, actor=actor, made_on=made_on, phone=phone)
    bad = jis_x0208_problems(rows)
    if bad:
        names = "; ".join(
            f"{data['statements'][n - 1]['partner'].name}: " + " ".join(f"「{c}」" for c in chars)
            for n, chars in bad
        )
        raise ValidationError(
            _(
                "The tax agency's file takes only JIS X 0208 (levels 1 and 2) characters; "
                "change these: %(rows)s",
                rows=names,
            ),
            format=_("Characters outside JIS levels 1-2."),
        )
    return b"".join(shared.csv_stream(None, rows, encoding="cp932"))
