"""Server-rendered SVG charts (no script, no CDN): capital shares and balances over time.

Functions return plain numbers for templates/ledger/_charts.html to draw."""

from __future__ import annotations

import datetime as dt
import unicodedata

from babel.dates import format_skeleton
from flask_babel import get_locale

from llp_gov.ledger import balances as monthly
from llp_gov.ledger import books, chart
from llp_gov.ledger.capital import contributions_by_partner
from llp_gov.ledger.closing import _partners_in_order

PALETTE = (
    "#1f5fa8",
    "#d9822b",
    "#1a7f37",
    "#b42318",
    "#6f42c1",
    "#0f766e",
    "#9a6700",
    "#c2185b",
    "#455a64",
    "#2e7d32",
    "#5d4037",
    "#283593",
)


# Room for a partner's name left of the bars (170 SVG units at 11 px, a Latin letter ~6.6 units
# wide): in half-width units, a full-width (CJK) character counting two.
LABEL_ROOM = 25


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cut(text: str, room: int = LABEL_ROOM) -> str:
    """`text` whole when it fits in `room` half-width units, else cut with an ellipsis ("…",
    one unit) so that the reader sees it was cut, in every script."""
    if sum(_width(c) for c in text) <= room:
        return text
    out, used = "", 1
    for char in text:
        if used + _width(char) > room:
            break
        out, used = out + char, used + _width(char)
    return out.rstrip() + "…"


def month_label(on: dt.date) -> str:
    """A month on the time axis in the reader's locale (ja 2025年4月, ko 2025년 4월, en Apr 2025)."""
    return format_skeleton("yMMM", on, locale=str(get_locale() or "en"))


def capital_shares(organisation, on: dt.date) -> list[dict]:
    """Each partner's capital balance on `on` as a bar (widths in percent of the largest), with
    the partner's name in the reader's language (`name`) and cut to fit the chart (`label`)."""

    sums = books.balances(organisation, date_to=on)
    caps = [a for a in chart.accounts(organisation) if a.type == "capital"]
    by_partner = {a.partner_id: sums.get(a.id, (0, 0)) for a in caps}
    if not any(d or c for d, c in by_partner.values()):
        received = contributions_by_partner(organisation, on)
        by_partner = {pid: (0, d["received"]) for pid, d in received.items()}
    partners = _partners_in_order(organisation, by_partner)
    values = [(p, by_partner[p.id][1] - by_partner[p.id][0]) for p in partners]
    locale = str(get_locale() or "")
    total = sum(max(v, 0) for _p, v in values) or 1
    top = max((abs(v) for _p, v in values), default=0) or 1
    return [
        {
            "partner": p,
            "name": p.display_name(locale),
            "label": cut(p.display_name(locale)),
            "amount": v,
            "percent": round(100 * max(v, 0) / total, 1),
            "width": round(300 * abs(v) / top, 1),
            "y": 24 * i,
            "colour": PALETTE[i % len(PALETTE)],
        }
        for i, (p, v) in enumerate(values)
    ]


def nice_ticks(low: int, high: int, count: int = 4) -> list[int]:
    """Round axis values (1, 2 or 5 times a power of ten) covering low..high, in yen."""
    span = max(high - low, 1)
    raw = span / count
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = (low // step) * step
    ticks: list[int] = []
    value = first
    while value <= high + step // 2 and len(ticks) <= count + 2:
        if value >= low - step // 2:
            ticks.append(value)
        value += step
    return ticks


def bar_axis(shares: list[dict]) -> list[dict]:
    """Ticks of the capital bars' amount axis: {"x", "value"} (x in SVG units from the bars'
    origin at 170, 300 units for the largest amount)."""
    top = max((abs(s["amount"]) for s in shares), default=0)
    if not top:
        return []
    return [
        {"x": round(170 + 300 * v / top, 1), "value": v} for v in nice_ticks(0, top) if v <= top
    ]


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    out, y, m = [], start.year, start.month
    while True:
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        out.append(min(last, end))
        if last >= end:
            return out
        y, m = nxt.year, nxt.month


def balances_over_time(organisation, end: dt.date, months: int = 24) -> dict:
    """Net assets and cash at each month end of the last `months` months, as SVG polylines."""
    start = dt.date(end.year - (months // 12), end.month, 1)
    first = books.fiscal_year_bounds(organisation, books.fiscal_year_of(organisation, start))[0]
    points = month_ends(max(start, first), end)
    cash_ids = {a.id for a in chart.accounts(organisation) if a.code in ("111", chart.CASH)}
    series = []
    at = monthly.cumulative(organisation, points)  # one query for every month end
    types = monthly.account_types(organisation)
    for on in points:
        sums = at[on]
        cash = sum(sums.get(i, (0, 0))[0] - sums.get(i, (0, 0))[1] for i in cash_ids)
        series.append((on, monthly.net_assets_from(organisation, sums, types), cash))
    width, height = 600, 200
    top = max([max(n, c) for _d, n, c in series] + [1])
    bottom = min([min(n, c) for _d, n, c in series] + [0])
    span = (top - bottom) or 1
    step = width / max(len(series) - 1, 1)

    def line(values: list[int]) -> str:
        return " ".join(
            f"{round(i * step, 1)},{round(height - (v - bottom) * height / span, 1)}"
            for i, v in enumerate(values)
        )

    y_ticks = [
        {"y": round(height - (v - bottom) * height / span, 1), "value": v}
        for v in nice_ticks(bottom, top)
        if bottom <= v <= top
    ]
    every = max(len(series) // 6, 1)  # about six month labels on the time axis
    x_ticks = [
        {"x": round(i * step, 1), "label": month_label(row[0])}
        for i, row in enumerate(series)
        if i % every == 0
    ]
    return {
        "width": width,
        "height": height,
        "y_ticks": y_ticks,
        "x_ticks": x_ticks,
        "net_assets": line([n for _d, n, _c in series]),
        "cash": line([c for _d, _n, c in series]),
        "series": series,
        # Nothing booked in the period: the page says so instead of a ¥0–¥1 axis.
        "empty": not any(n or c for _d, n, c in series),
        "top": top,
        "bottom": bottom,
        "zero_y": round(height - (0 - bottom) * height / span, 1),
    }
