"""The chairman reopens the last closed year; the accountant is refused a pledge outside an
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
    form = page.locator("#contribution-form")
    form.locator("select[name=partner_id]").select_option(label="株式会社若松ネットワークス")
    form.locator("select[name=kind]").select_option("money")
    form.locator("input[name=agreed_amount]").fill("500000")
    form.locator("input[name=received_amount]").fill("500000")
    form.locator("input[name=received_on]").fill("2025-05-01")
    before = page.locator("main table").first.inner_text()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    # Issue 10: the agreement is in effect, so a further pledge of a partner already in it is an
    # Act 4(3) item that only an adopted amendment changes: refused beside the field, nothing
    # recorded (a payment against an existing pledge is an instalment on the pledge's page).
    assert "/o/klic/ledger/contributions" in page.url
    alert = page.locator("#contribution-form [role=alert]")
    assert alert.count() == 1 and "4" in alert.inner_text()
    assert page.locator("main table").first.inner_text() == before

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
    page.click("button[data-close-year='2025']")
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
