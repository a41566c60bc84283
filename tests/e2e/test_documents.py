"""A member drags a PDF contract onto the upload page, sees its progress, then finds it by a
Japanese word and opens it."""

from __future__ import annotations

import base64

import pytest

from tests.documents.samples import cjk_pdf
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def drop_file(page, selector: str, name: str, data: bytes, mime: str) -> None:
    """Dispatch a real drop event carrying a File, as a drag from the desktop does."""
    transfer = page.evaluate_handle(
        """([name, b64, mime]) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], name, { type: mime }));
            return dt;
        }""",
        [name, base64.b64encode(data).decode(), mime],
    )
    page.dispatch_event(selector, "dragenter", {"dataTransfer": transfer})
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def test_member_drags_a_pdf_finds_it_by_a_japanese_word_and_opens_it(page):
    sign_in(page, "member@klic.example")
    page.click("nav.orgnav a[href='/o/klic/documents/']")
    assert page.locator("h1").inner_text() == "書類"
    page.click("a[href='/o/klic/documents/upload']")

    pdf = cjk_pdf(
        [
            "ソフトウェア共同開発契約書",
            "甲と乙は、北九州市における共同開",
            "発事業について合意する。",
        ]
    )
    drop_file(page, "#dropzone", "共同開発契約書.pdf", pdf, "application/pdf")
    item = page.locator("#upload-list li.upload-item")
    assert item.locator(".upload-name").inner_text() == "共同開発契約書.pdf"
    assert item.locator("progress").count() == 1

    page.select_option("select[name=doc_type]", "contract")
    page.fill("input[name=counterparty]", "株式会社玄海ソフト")
    page.fill("input[name=transaction_date]", "2025-09-01")
    page.fill("input[name=amount]", "880000")
    page.click("#upload-submit")
    page.wait_for_selector("#upload-list li.upload-item.done")
    assert page.locator("#upload-list progress").get_attribute("value") == "100"
    assert "アップロード済み" in item.locator(".upload-status").inner_text()

    # 共同開発 spans a line break in the PDF: the extraction joined the lines.
    page.click("nav.orgnav a[href='/o/klic/search']")
    page.fill("#search-q", "共同開発")
    page.click("form.search-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "1 件見つかりました" in page.locator(".result-count").inner_text()
    assert page.locator(".snippet mark").first.inner_text() == "共同開発"
    page.click("a.result-title")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "共同開発契約書"
    assert "株式会社玄海ソフト" in page.locator("main").inner_text()

    with page.expect_response(lambda r: "/versions/1/file" in r.url) as info:
        page.click("a.view-link")
    response = info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline;")


def test_upload_form_offers_details_read_from_the_file_and_applies_only_on_use(page):
    sign_in(page, "member@klic.example")
    page.goto(page.url.split("/o/")[0] + "/o/klic/documents/upload")
    invoice = "請求書\n発行日 2026年3月31日\nご請求金額 ¥1,100,000\n".encode()
    drop_file(page, "#dropzone", "請求書.txt", invoice, "text/plain")
    box = page.locator("#upload-suggestions")
    box.locator("dd[data-suggested=amount]").wait_for()
    assert "1100000" in box.inner_text()
    assert page.input_value("input[name=amount]") == ""  # not applied by itself
    box.locator("dd[data-suggested=amount] button").click()
    assert page.input_value("input[name=amount]") == "1100000"
    box.locator("dd[data-suggested=transaction_date] button").click()
    assert page.input_value("input[name=transaction_date]") == "2026-03-31"
