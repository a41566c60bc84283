"""Every page a member can reach reads in Japanese and Korean: no English message is left.

Signs in as each role with the demo loaded, follows the organisation's links (pages only, no
downloads, no forms posted) and fails on any English msgid of the catalogs found in a page's
text whose Japanese or Korean translation differs (a message shown untranslated). Every page
reached is also a section of the menu (marked current) or links back to one (find your way)."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from llp_gov.extensions import db

ROOT = Path(__file__).resolve().parents[2]
MAX_PAGES = 70
SKIP = re.compile(r"(export|\.csv|\.xlsx|\.pdf|/file|/download|/logout|/locale/|print)")
WORDS = re.compile(r"[A-Za-z]{2,}")
LOWER = re.compile(r"\b[a-z]{2,}\b")


class _Text(HTMLParser):
    """Visible text and the href of every link; a document's extracted text (pre) is the
    user's content, not the interface, and is left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "pre"):
            self._skip += 1
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("placeholder", "aria-label", "title"):
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "pre") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _english_messages(locale: str) -> set[str]:
    """Msgids of two words or more, without placeholders, whose `locale` text differs (or is
    missing: an untranslated message is English on the page too)."""
    out = set()
    for po in ROOT.glob(f"llp_gov/**/translations/{locale}/LC_MESSAGES/messages.po"):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=locale)
        for m in catalog:
            if not isinstance(m.id, str) or not m.id or "%(" in m.id or "%s" in m.id:
                continue
            if len(WORDS.findall(m.id)) < 2:
                continue
            # English stored as the translation is English on the page too (a name such as
            # "CSV (UTF-8)" has no two lowercase words and may stay as it is).
            if m.string != m.id or len(LOWER.findall(m.id)) >= 2:
                out.add(m.id)
    return out


def _crawl(client, start: str) -> tuple[dict[str, str], list[str]]:
    """{url: visible text} of the pages reached, and the pages with no way back to a section."""
    seen, pages, queue, lost = {start}, {}, deque([start]), []
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        resp = client.get(url)
        if resp.status_code != 200 or resp.mimetype != "text/html":
            continue
        html = resp.get_data(as_text=True)
        parser = _Text()
        parser.feed(html)
        pages[url] = " ".join(" ".join(parser.parts).split())
        # Every page is a section of the menu (marked current) or links back to one.
        if 'id="back-link"' not in html and 'aria-current="page"' not in html:
            lost.append(url)
        for href in parser.links:
            href = href.split("#", 1)[0]
            if href.startswith(start) and href not in seen and not SKIP.search(href):
                seen.add(href)
                queue.append(href)
    return pages, lost


@pytest.fixture
def app_config():
    return {"DEMO_MODE": True}  # the demo's sign-ins work only in demo mode


@pytest.fixture
def demo(app):
    from llp_gov.demo import services as demo

    ctx = demo.load(password="crawl-password-1")
    db.session.commit()
    return ctx


@pytest.mark.parametrize("locale", ["ja", "ko"])
@pytest.mark.parametrize("role", ["chairman", "accountant", "member"])
def test_no_english_message_left_on_any_page(app, client, demo, role, locale):
    resp = client.post(
        "/login", data={"email": f"{role}@klic.example", "password": "crawl-password-1"}
    )
    assert resp.status_code == 302
    client.post(f"/locale/{locale}", data={"next": "/"})
    english = _english_messages(locale)
    pages, lost = _crawl(client, f"/o/{demo['klic'].slug}/")
    assert len(pages) > 10, sorted(pages)
    left = {
        url: sorted(
            m for m in english if re.search(rf"(?<![A-Za-z]){re.escape(m)}(?![A-Za-z])", text)
        )
        for url, text in pages.items()
    }
    left = {url: found for url, found in left.items() if found}
    assert not left, left
    assert not lost, lost
