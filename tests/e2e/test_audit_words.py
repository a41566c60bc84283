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
