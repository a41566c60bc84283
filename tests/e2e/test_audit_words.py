"""The audit trail of the demo reads as words in Chromium, in ja, ko and en (issue 14): every
change has a translated label, no internal field name, raw code, ISO date or dumped dict/list is
left in any change list of any page of the trail."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from llp_gov.audit.models import AuditEvent
from llp_gov.extensions import db
from tests.e2e.conftest import SCREENSHOTS as SHOTS
from tests.e2e.conftest import sign_in

CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # in_review, financial_statements, approved_by
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DUMP = re.compile(r"[{}\[\]]|'\w+':|\"\w+\":")


def _demo_keys(live_server) -> set[str]:
    with live_server.app.app_context():
        diffs = db.session.scalars(select(AuditEvent.diff)).all()
    return {key for diff in diffs for key in (diff or {})}


def _change_lists(page) -> list[tuple[str, str]]:
    """(label, value text) of every change on every page of the whole trail, oldest last."""
    found, url = [], "/o/klic/audit?category=all"
    while url:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        found += page.evaluate(
            """() => [...document.querySelectorAll('dl.diff dt')].map(
                dt => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()])"""
        )
        older = page.locator("nav.pager a[rel=next]")
        url = older.get_attribute("href") if older.count() else None
    return found


@pytest.mark.parametrize("locale", ["ja", "ko", "en"])
def test_the_demo_audit_trail_reads_as_words(page, live_server, locale):
    keys = _demo_keys(live_server)
    assert {"status", "approved_by", "tally", "version", "lines", "allocation"} <= keys
    sign_in(page, "chairman@klic.example")
    page.locator(f"button[data-lang={locale}]").click()
    page.wait_for_load_state("networkidle")
    changes = _change_lists(page)
    assert len(changes) > 1000
    labels = {label for label, _value in changes}
    assert not labels & keys, labels & keys
    assert not [x for x in labels if "_" in x]
    if locale != "en":
        english = [x for x in labels if re.search(r"[A-Za-z]{3,}", x.replace("SHA-", ""))]
        assert english == []
    for label, value in changes:
        # File names and e-mail addresses are the user's own words: leave them out.
        words = " ".join(w for w in value.split() if "." not in w and "@" not in w)
        assert not CODE.search(words), (label, value)
        assert not ISO_DATE.search(words), (label, value)
        assert not DUMP.search(value), (label, value)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/o/klic/audit?category=all")
    page.screenshot(path=str(SHOTS / f"audit-words-{locale}.png"), full_page=False)


def test_the_fiscal_year_actions_line_up_with_their_rows(page):
    """Each fiscal year's actions sit in a table cell of its row (a flex cell left the row's
    borders and heights apart)."""
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "accountant@klic.example")
    page.goto("/o/klic/ledger/")
    page.wait_for_load_state("networkidle")
    rows = page.locator("tr[id^=fy-]")
    assert rows.count() >= 2
    for i in range(rows.count()):
        row = rows.nth(i)
        year, actions = (row.locator("td").first, row.locator("td").last)
        assert actions.evaluate("td => getComputedStyle(td).display") == "table-cell"
        a, b = year.bounding_box(), actions.bounding_box()
        assert abs(a["y"] - b["y"]) < 1 and abs(a["height"] - b["height"]) < 1


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_partner_names_in_the_chart_stay_left_of_the_bars(page, locale):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "accountant@klic.example")
    page.locator(f"button[data-lang={locale}]").click()
    page.wait_for_load_state("networkidle")
    page.goto("/o/klic/ledger/")
    page.wait_for_load_state("networkidle")
    widths = page.evaluate(
        """() => [...document.querySelectorAll('.ledger-charts svg text.label[x="0"]')]
            .map(t => [t.textContent, t.getComputedTextLength()])"""
    )
    assert len(widths) >= 12
    too_long = [(text, w) for text, w in widths if w > 168]  # the bars start at 170
    assert too_long == []
    assert any(text.endswith("…") for text, _w in widths)  # the demo has names to cut
    page.screenshot(path=str(SHOTS / f"ledger-charts-{locale}.png"), full_page=False)
