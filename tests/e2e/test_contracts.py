"""A member drafts a bilingual commission contract, the chairman approves it, the member downloads the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import sign_in
from tests.pdf.checks import assert_only_packaged_fonts, text_of

pytestmark = pytest.mark.browser


def test_draft_approve_download(page):
    sign_in(page, "member@klic.example")
    page.goto("/o/klic/contracts/new")
    page.fill("input[name=title]", "多言語観光サイト保守業務")
    page.select_option("select[name=contract_type]", "commission")
    page.select_option("select[name=language]", "ja+en")
    page.select_option("select[name=counterparty_id]", label="北九州市")
    page.fill("input[name=counterparty_title]", "市長")
    page.fill("input[name=counterparty_representative]", "武内 和久")
    page.fill("input[name=own_representative]", "山田 太郎")
    page.fill("input[name=amount_excl_tax]", "45000000")
    page.select_option("select[name=tax_treatment]", "reduced_8")
    page.fill("input[name=start_date]", "2027-04-01")
    page.fill("input[name=end_date]", "2028-03-31")
    page.fill("textarea[name=scope_ja]", "多言語観光サイトの保守")
    page.fill("textarea[name=scope_en]", "Maintenance of the multilingual tourism website")
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/o/klic/contracts/\d+$"))
    detail_url = page.url
    page.click("form[action$='/submit'] button")
    page.wait_for_load_state("networkidle")
    assert page.locator("form[action$='/approve']").count() == 0  # a member cannot approve

    page.context.clear_cookies()
    sign_in(page, "chairman@klic.example")
    page.goto(detail_url)
    page.click("form[action$='/approve'] button")
    page.wait_for_load_state("networkidle")

    page.context.clear_cookies()
    sign_in(page, "member@klic.example")
    page.goto(detail_url)
    with page.expect_download() as info:
        page.click("#download-pdf")
    download = info.value
    assert re.fullmatch(r"KLIC-\d{4}-\d{4}\.pdf", download.suggested_filename)
    pdf = Path(download.path()).read_bytes()
    text = text_of(pdf)
    assert "金四千八百六十万円" in text  # 45,000,000 + 8%
    assert "北九州市" in text and "CityofKitakyushu" in text and "多言語観光サイトの保守" in text
    assert "草案" not in text  # approved: no draft mark
    assert_only_packaged_fonts(pdf)


def test_sign_put_into_effect_and_terminate(page, tmp_path):
    """The member records the signed copy of the approved demo contract and puts it into effect;
    only the chairman sees the termination, and an empty reason is refused."""
    from tests.contracts.helpers import signed_copy_pdf

    sign_in(page, "member@klic.example")
    page.goto("/o/klic/contracts/")
    row = page.locator("tbody tr", has=page.locator(".badge.status-approved")).first
    detail = row.locator("a").get_attribute("href")  # the demo's approved commission
    page.goto(detail)
    scan = tmp_path / "署名済.pdf"
    scan.write_bytes(signed_copy_pdf())
    page.set_input_files("#sign-form input[type=file]", str(scan))
    page.fill("#sign-form input[name=signing_date]", "2026-11-23")
    page.click("#sign-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#signed-copy").count() == 1
    assert page.locator("form[action$='/terminate']").count() == 0  # a member does not terminate
    page.click("form[action$='/activate'] button")
    page.wait_for_load_state("networkidle")
    assert page.locator(".badge.status-active").count() == 1

    page.context.clear_cookies()
    sign_in(page, "chairman@klic.example")
    page.goto(detail)
    page.click("form[action$='/terminate'] button")  # the browser refuses the empty reason
    assert page.locator(".badge.status-active").count() == 1
    page.fill("form[action$='/terminate'] input[name=reason]", "予算の打切り")
    page.click("form[action$='/terminate'] button")
    page.wait_for_load_state("networkidle")
    assert page.locator(".badge.status-terminated").count() == 1
    assert "予算の打切り" in page.locator("#status-reason").inner_text()
