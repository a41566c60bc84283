"""How pages write a reader's values: money, dates and times, statute references, and the
translations, in the reader's locale and zone (the template filters of llp_gov.web).

The reader's locale, zone and translations are looked up once per request (`reader()`):
Flask-Babel finds them again through several context proxies on every gettext and every
formatted date or amount, a few hundred times a page (a third of a list page's CPU, issue 14)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.numbers import get_currency_precision, get_currency_symbol
from flask import g, has_app_context, has_request_context
from flask_babel import get_locale, get_timezone, get_translations


def reader() -> tuple:
    """(locale, zone, translations) of the reader, as Flask-Babel selects them, kept beside
    Flask-Babel's own per-request values and dropped when those change (`refresh()`,
    `force_locale()`). Outside an application context: Flask-Babel's answers, uncached."""
    if not has_app_context():
        return get_locale(), None, get_translations()
    ctx = g.get("_flask_babel")
    hit = getattr(ctx, "llp_reader", None)
    if (
        hit is not None
        and hit[0] is getattr(ctx, "babel_locale", None)
        and hit[1] is getattr(ctx, "babel_tzinfo", None)
    ):
        return hit[2]
    found = (get_locale(), get_timezone(), get_translations())
    ctx = g.get("_flask_babel")
    if ctx is not None:
        ctx.llp_reader = (ctx.babel_locale, ctx.babel_tzinfo, found)
    return found


# One symbol per currency on every page and in every language: CLDR writes the yen as ￥ in
# Japanese and JP¥ in Korean, and the dollar as US$ in Korean, so pages mixed them (issue 14).
MONEY_SYMBOLS = {"JPY": "¥", "KRW": "₩", "USD": "$"}


def money(amount, currency: str = "JPY", minor: bool = False) -> str:
    """An amount in major units (yen, won, dollars), or in the currency's minor units with
    minor=True (cents for USD; yen and won have none), in the reader's locale: its grouping
    and decimals, the currency's one symbol (MONEY_SYMBOLS). The one money filter of pages."""
    if amount is None:
        return ""
    if minor:
        amount = Decimal(amount).scaleb(-get_currency_precision(currency))
    locale = reader()[0]
    text = babel_numbers.format_currency(amount, currency, locale=locale)
    symbol = MONEY_SYMBOLS.get(currency)
    if symbol:
        text = text.replace(get_currency_symbol(currency, locale=locale), symbol)
    return text


def yen(amount) -> str:
    """A yen amount (integer minor units = yen) for display."""
    return money(amount, "JPY")


def local_datetime(value, fmt: str = "medium") -> str:
    """The `localdt` filter: an aware (UTC) datetime in the reader's zone and locale (Babel
    format `fmt`: short, medium, long, full or a pattern); "" for None."""
    if value is None:
        return ""
    locale, zone, _ = reader()
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return babel_dates.format_datetime(value, fmt, tzinfo=zone, locale=locale)


def local_date(value, fmt: str = "medium") -> str:
    """The `localdate` filter: a date in the reader's locale (Babel format `fmt`); "" for None."""
    if value is None:
        return ""
    locale, zone, _ = reader()
    if isinstance(value, dt.datetime):  # the day in the reader's zone
        value = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(zone)
    return babel_dates.format_date(value, fmt, locale=locale)


_STATUTE_PART = re.compile(r"(?:(Act|Ord\.)\s+)?(\d+)(?:\((\d+)\))?(?:[-–](\d+))?")


def statute(reference: str, language: str | None = None) -> str:
    """A statute reference as written in the code ("Act 12(1)", "Act 3(2), 37", "Ord. 5",
    "Act 25-27"; Act = the LLP Act, Act No. 40 of 2005, Ord. = its METI ordinance) in the
    reader's language: ja 「法12条1項」「規則5条」, ko 「법 제12조 제1항」「시행규칙 제5조」;
    English keeps the code's form. `language` ("ja", "ko", "en") overrides the reader's, for a
    document printed in a fixed language (the minutes' Japanese half)."""
    if language is None:
        language = str(get_locale() or "en")[:2] if has_request_context() else "en"
    if language not in ("ja", "ko") or not reference:
        return reference
    out = []
    law = "Act"
    for part in (p.strip() for p in reference.split(",")):
        match = _STATUTE_PART.fullmatch(part)
        if not match:
            out.append(part)
            continue
        law = match.group(1) or law
        article, paragraph, last = match.group(2), match.group(3), match.group(4)
        if language == "ja":
            text = ("法" if law == "Act" else "規則") + f"{article}条"
            text += f"から{last}条" if last else ""
            text += f"{paragraph}項" if paragraph else ""
        else:
            text = ("법" if law == "Act" else "시행규칙") + f" 제{article}조"
            text += f"~제{last}조" if last else ""
            text += f" 제{paragraph}항" if paragraph else ""
        out.append(text)
    return "、".join(out) if language == "ja" else ", ".join(out)


def language_names(codes: str | None) -> str:
    """Language codes as stored ("ko,en", detected in a document's text) as names in the
    reader's language from CLDR (韓国語、英語 / 한국어, 영어 / Korean, English)."""
    locale = reader()[0]
    found = [c.strip() for c in (codes or "").split(",") if c.strip()]
    if locale is None:
        return ", ".join(found)
    names = [locale.languages.get(code, code) for code in found]
    return ("、" if locale.language == "ja" else ", ").join(names)


def gettext(string: str) -> str:
    return reader()[2].ugettext(string)


def ngettext(singular: str, plural: str, n: int) -> str:
    return reader()[2].ungettext(singular, plural, n)


def pgettext(context: str, string: str) -> str:
    return reader()[2].upgettext(context, string)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return reader()[2].unpgettext(context, singular, plural, n)
