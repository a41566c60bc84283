"""Amounts are right-aligned under right-aligned headers on every page (issue 14).

Signs in to the demo as the chairman and the accountant (in Korean, where CLDR's own symbols
differ most: JP¥, US$), follows the organisation's links (pages only) and fails on a table cell
holding an amount without the numeric class `num`, on its column's header without it, and on a
page writing money another way than the one money filter (JP¥, ￥, US$, an ungrouped amount
beside a currency code)."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser

import pytest

from llp_gov.extensions import db

MAX_PAGES = 120
PER_SHAPE = 2  # pages of one shape (/partners/<id>) visited at most
SKIP = re.compile(r"(export|\.csv|\.xlsx|\.pdf|/file|/download|/logout|/locale/|print|\.ics)")
AMOUNT = re.compile(r"^[-−]?[¥₩$][\d,]+(\.\d+)?$")
OTHER_MONEY = re.compile(r"JP¥|￥|US\$|\b\d{4,}(\.\d+)? ?(JPY|KRW|USD)\b|\b(JPY|KRW|USD) ?\d{4,}")


class _Tables(HTMLParser):
    """Each table's cells as (row kind, column, tag, classes, text), with rowspan/colspan
    placed on a grid, and the page's links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.links: list[str] = []
        self._open: list[dict] = []
        self._cell: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "table":
            self._open.append({"cells": [], "row": -1, "taken": set(), "part": "body"})
        elif not self._open:
            return
        table = self._open[-1]
        if tag in ("thead", "tbody", "tfoot"):
            table["part"] = "head" if tag == "thead" else "body"
        elif tag == "tr":
            table["row"] += 1
            table["col"] = 0
        elif tag in ("td", "th") and table["row"] >= 0:
            while (table["row"], table["col"]) in table["taken"]:
                table["col"] += 1
            span = int(attrs.get("colspan") or 1)
            rows = int(attrs.get("rowspan") or 1)
            for r in range(rows):
                for c in range(span):
                    table["taken"].add((table["row"] + r, table["col"] + c))
            self._cell = {
                "part": table["part"],
                "row": table["row"],
                "cols": range(table["col"], table["col"] + span),
                "tag": tag,
                "classes": (attrs.get("class") or "").split(),
                "text": "",
            }
            table["col"] += span

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._open:
            self._open[-1]["cells"].append(self._cell)
            self._cell = None
        elif tag == "table" and self._open:
            self.tables.append(self._open.pop())

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


def misaligned(html: str) -> list[str]:
    """Amount cells without `num`, or under a header without it."""
    parser = _Tables()
    parser.feed(html)
    found = []
    for table in parser.tables:
        head = {}  # column -> the lowest header cell over it
        for cell in table["cells"]:
            if cell["part"] == "head" or (cell["tag"] == "th" and cell["row"] == 0):
                for col in cell["cols"]:
                    head[col] = cell
        for cell in table["cells"]:
            text = " ".join(cell["text"].split())
            if cell["tag"] != "td" or not AMOUNT.match(text):
                continue
            if "num" not in cell["classes"]:
                found.append(f"cell {text!r} without num")
            header = head.get(cell["cols"][0])
            if header is not None and "num" not in header["classes"]:
                found.append(f"header {' '.join(header['text'].split())!r} over {text!r}")
    return found


def crawl(client, start: str) -> dict[str, str]:
    seen, pages, queue, shapes = {start}, {}, deque([start]), {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        resp = client.get(url)
        if resp.status_code != 200 or resp.mimetype != "text/html":
            continue
        html = resp.get_data(as_text=True)
        pages[url] = html
        parser = _Tables()
        parser.feed(html)
        for href in parser.links:
            href = href.split("#", 1)[0]
            shape = re.sub(r"\d+", "N", href.split("?", 1)[0])
            if not href.startswith(start) or href in seen or SKIP.search(href):
                continue
            if shapes.get(shape, 0) >= PER_SHAPE:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            seen.add(href)
            queue.append(href)
    return pages


def test_the_checker_sees_a_misaligned_amount():
    ok = '<table><thead><tr><th>A</th><th class="num">B</th></tr></thead><tbody><tr><td rowspan="2">x</td><td class="num">¥1,000</td></tr><tr><td class="num">₩5,000</td></tr></tbody></table>'
    assert misaligned(ok) == []
    bare = ok.replace('<td class="num">₩5,000', "<td>₩5,000")
    assert misaligned(bare) == ["cell '₩5,000' without num"]
    header = ok.replace('<th class="num">B', "<th>B")
    assert len(misaligned(header)) == 2


class TestEveryPage:
    @pytest.fixture
    def app_config(self):
        return {"DEMO_MODE": True}  # the demo's sign-ins work only in demo mode

    @pytest.fixture
    def demo(self, app):
        from llp_gov.demo import services as demo

        ctx = demo.load(password="amounts-password-1")
        db.session.commit()
        return ctx

    def test_amounts_are_right_aligned_and_written_one_way(self, app, demo):
        problems, visited, amounts = {}, 0, 0
        for role in ("chairman", "accountant"):
            client = app.test_client()
            resp = client.post(
                "/login", data={"email": f"{role}@klic.example", "password": "amounts-password-1"}
            )
            assert resp.status_code == 302
            client.post("/locale/ko", data={"next": "/"})
            pages = crawl(client, f"/o/{demo['klic'].slug}/")
            visited += len(pages)
            for url, html in pages.items():
                amounts += len(re.findall(r">[-−]?[¥₩$][\d,]+<", html))
                wrong = misaligned(html) + [m.group(0) for m in OTHER_MONEY.finditer(html)]
                if wrong:
                    problems[f"{role} {url}"] = wrong
        assert visited > 60 and amounts > 200, (visited, amounts)
        assert problems == {}
