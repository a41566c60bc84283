"""Print conventions for contracts: 和暦 dates, kanji amounts, 甲乙 references, fixed wording.

The wording of a contract follows the contract's own language(s), never the reader's interface
locale, so these texts are data here and not gettext messages.
"""

from __future__ import annotations

import datetime as dt

from babel import dates as babel_dates

# 甲, 乙, 丙, 丁 ... (the ten stems), the parties' references in order.
PARTY_REFS_JA = "甲乙丙丁戊己庚辛壬癸"
PARTY_REFS_EN = (
    "Party A",
    "Party B",
    "Party C",
    "Party D",
    "Party E",
    "Party F",
    "Party G",
    "Party H",
    "Party I",
    "Party J",
)
PARTY_REFS_KO = ("갑", "을", "병", "정", "무", "기", "경", "신", "임", "계")

# Eras from their first day (the day of accession); a date before 明治 is refused.
ERAS = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
    (dt.date(1912, 7, 30), "大正"),
    (dt.date(1873, 1, 1), "明治"),  # the Gregorian calendar was adopted on 明治6年1月1日
)

DIGITS = "〇一二三四五六七八九"
SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
LARGE_UNITS = ((10**16, "京"), (10**12, "兆"), (10**8, "億"), (10**4, "万"))


# A partnership agreement names its parties as partners (組合員) with their names, never 甲乙.
PARTNER_LABEL = {"ja": "組合員", "en": "Partner", "ko": "조합원"}
EXECUTING_PERSON_LABEL = {"ja": "職務執行者", "en": "Executing person", "ko": "직무집행자"}


def party_label(contract, party, lang: str) -> str:
    """How the contract refers to a party: 組合員 + name in a partnership agreement, else 甲乙."""
    if getattr(contract, "contract_type", None) == "partnership":
        return f"{PARTNER_LABEL[lang]}{party.name_in(lang)}"
    return party_ref(party.position, lang)


def llp_signatory(organisation, partner, lang: str = "ja") -> tuple[str, str]:
    """An LLP has no legal personality and no 代表者: where it is a party it signs as
    "○○有限責任事業組合 組合員 株式会社X 職務執行者 Y" (the partner that executes the business and
    its executing person). Returns (title line, executing person's name)."""
    title = f"{PARTNER_LABEL[lang]} {partner.display_name(lang)}"
    if partner.kind == "corporate":
        title += f" {EXECUTING_PERSON_LABEL[lang]}"
        return title, partner.executing_person or ""
    return title, ""


def party_ref(index: int, lang: str) -> str:
    """甲, 乙, ... for the first ten parties; then numbered (a partnership may have many partners)."""
    if index >= len(PARTY_REFS_JA):
        return {"ja": f"当事者{index + 1}", "ko": f"당사자{index + 1}"}.get(
            lang, f"Party {index + 1}"
        )
    if lang == "ja":
        return PARTY_REFS_JA[index]
    if lang == "ko":
        return PARTY_REFS_KO[index]
    return PARTY_REFS_EN[index]


def wareki(date: dt.date) -> str:
    """令和8年11月23日; the first year of an era is 元年."""
    for start, name in ERAS:
        if date >= start:
            year = date.year - start.year + 1
            year_text = "元" if year == 1 else str(year)
            return f"{name}{year_text}年{date.month}月{date.day}日"
    raise ValueError("dates before 1873 are not supported")


def format_date(date: dt.date | None, lang: str, style: str = "wareki") -> str:
    """A date in the contract's language: 和暦 or Western for Japanese; Western otherwise."""
    if date is None:
        return ""
    if lang == "ja":
        return wareki(date) if style == "wareki" else f"{date.year}年{date.month}月{date.day}日"
    if lang == "ko":
        return f"{date.year}년 {date.month}월 {date.day}일"
    # Babel, not strftime("%-d"): glibc-only, and %B follows the server's C locale.
    return babel_dates.format_date(date, "d MMMM y", locale="en")


def _kanji_below_10000(n: int) -> str:
    out = []
    for value, unit in SMALL_UNITS:
        digit, n = divmod(n, value)
        if digit:
            # 千, 百, 十 without a leading 一 (一千万 is written 千万 in amounts like 金千万円).
            out.append(("" if digit == 1 else DIGITS[digit]) + unit)
    if n:
        out.append(DIGITS[n])
    return "".join(out)


def kanji_number(n: int) -> str:
    """48600000 -> 四千八百六十万."""
    if n < 0:
        raise ValueError("negative amount")
    if n == 0:
        return "零"
    out = []
    for value, unit in LARGE_UNITS:
        group, n = divmod(n, value)
        if group:
            out.append(_kanji_below_10000(group) + unit)
    if n:
        out.append(_kanji_below_10000(n))
    return "".join(out)


def kanji_amount(n: int) -> str:
    """金四千八百六十万円."""
    return f"金{kanji_number(n)}円"


def format_money(amount: int | None, currency: str, lang: str) -> str:
    """An amount in minor units (integer yen, won, cents) written for a contract in `lang`
    ("1,000,000円", "1,000,000엔", "JPY 1,000,000"); "" for None."""
    if amount is None:
        return ""
    if currency == "JPY":
        return (
            f"{amount:,}円"
            if lang == "ja"
            else (f"{amount:,}엔" if lang == "ko" else f"JPY {amount:,}")
        )
    if currency == "KRW":
        return f"{amount:,}원" if lang == "ko" else f"KRW {amount:,}"
    return f"{currency} {amount:,}"
