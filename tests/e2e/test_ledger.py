"""The chairman reopens the last closed year; the accountant is not offered a pledge outside an
amendment, posts a revenue entry, closes the year again and downloads the XLSX."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_accountant_runs_a_fiscal_year_end_to_end(page):
    # The demo closes FY2025 (issue 12 item 2): the chairman reopens it first (the last closed
    # year), so the accountant can post into it and close it again.
    sign_in(page, "chairman@klic.example")
    page.goto("/o/klic/ledger/fiscal-years/2025")
    page.fill("textarea#reason", "E2E: 6月分の受託収入の計上漏れ")
    page.click("main form button[type=submit]:has-text('2025')")
    page.wait_for_load_state("networkidle")
    page.click("#sign-out")
    page.wait_for_load_state("networkidle")
    sign_in(page, "accountant@klic.example")
    page.goto("/o/klic/ledger/contributions")
    # Issue 10 / the new-user trial: the agreement is in effect and every partner already has a
    # pledge in it (Act 4(3)): the form, which would only be refused, is not offered; the page
    # says why, and the partner's name leads to the contribution's page (its instalments).
    assert page.locator("#contribution-form").count() == 0
    assert "4条3項" in page.locator("[data-no-pledge]").inner_text()  # LLP Act 4(3), ja
    page.locator("main table").first.locator("a", has_text="株式会社若松ネットワークス").click()
    page.wait_for_url(re.compile(r"/o/klic/ledger/contributions/\d+$"))
    figure = page.locator("dl.figures dd.num").first
    assert figure.evaluate("e => getComputedStyle(e).textAlign") == "right"

    page.goto("/o/klic/ledger/journal/new")
    page.fill("input[name=entry_date]", "2025-06-30")
    page.fill("input[name=description]", "2025年6月分 業務委託料 ソウル案件")
    page.select_option("select[name='lines-0-account']", "112")
    page.fill("input[name='lines-0-debit']", "3300000")
    page.select_option("select[name='lines-1-account']", "410")
    page.fill("input[name='lines-1-credit']", "3300000")
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/o/klic/ledger/journal/\d+$"))
    assert "3,300,000" in page.locator("main").inner_text()

    page.goto("/o/klic/ledger/")
    page.click("[data-close-year='2025']")
    # Issue 10 item 4: a confirmation page shows what will be allocated before closing.
    page.wait_for_url(re.compile(r"/o/klic/ledger/fiscal-years/2025/close$"))
    assert page.locator("main table tbody tr").count() == 12
    page.click("button[data-confirm-close='2025']")
    page.wait_for_url(re.compile(r"/o/klic/ledger/fiscal-years/2025$"))
    assert page.locator("main table tbody tr").count() == 12

    page.goto("/o/klic/ledger/")
    with page.expect_download() as info:
        page.click("a[data-export-xlsx='2025']")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    rows = list(
        load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active.iter_rows(
            values_only=True
        )
    )
    assert any(r[3] == "2025年6月分 業務委託料 ソウル案件" and r[8] == 3_300_000 for r in rows)
    total = rows[-1]
    assert total[8] == total[9] and isinstance(total[8], int)


def test_financial_statements_fit_a_1280_px_window_in_japanese_and_english(page):
    # New-user trial: one column per partner (13) made the page 1494-1846 px wide and squeezed
    # the account column; the per-partner tables now scroll in their own box.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "accountant@klic.example")
    for lang in ("ja", "en"):
        page.goto("/o/klic/ledger/fiscal-years/2025/financial-statements")
        page.locator(f"button[data-lang={lang}]").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == lang
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, (lang, width)
        # The account column keeps a readable width (names not wrapped a character a line).
        cell = page.locator("table[data-pl] tbody tr:not(.section) > :first-child").first
        assert cell.evaluate("e => e.getBoundingClientRect().width") >= 150, lang
        assert page.locator("tr[data-total='assets'] td.num").count() > 2  # per-partner totals
        if lang == "en":
            assert "Total Current assets" not in page.locator("main").inner_text()
