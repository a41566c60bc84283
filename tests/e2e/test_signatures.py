"""Board portal end to end: a written resolution, proxy answers and signed minutes."""

from __future__ import annotations

import re

import pytest

from tests.contracts.helpers import signed_copy_pdf
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_written_resolution_proxy_and_signed_minutes(page, tmp_path):
    proxy = tmp_path / "proxy.pdf"
    proxy.write_bytes(signed_copy_pdf())
    sign_in(page, "chairman@klic.example")
    page.goto("/o/klic/board/")
    page.fill("#propose-form input[name=title]", "事務所移転の件")
    page.fill("#propose-form textarea[name=text]", "事務所を小倉北区に移転する。")
    page.fill("#propose-form input[name=statute]", "有限責任事業組合契約に関する法律 第12条第1項")
    page.click("#propose-form button[type=submit]")
    page.wait_for_url(re.compile(r"/o/klic/board/\d+$"))
    url = page.url
    assert page.locator("#board-partners tbody tr").count() >= 2
    page.click("#consent")  # the chairman answers for the partner he represents
    page.wait_for_load_state("networkidle")

    page.context.clear_cookies()
    sign_in(page, "member@klic.example")
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.click("#consent")
    page.wait_for_load_state("networkidle")
    opened = page.locator("#board-partners tbody tr td:nth-child(3)").all_inner_texts()
    # The chairman's and the member's notices were opened; the other representatives' were not.
    assert sum(1 for t in opened if t.strip() != "—") == 2 and len(opened) > 2

    page.context.clear_cookies()
    sign_in(page, "chairman@klic.example")
    page.goto(url)
    # The other partners answered by written proxy; the chairman records each with the document.
    while page.locator("#proxy-form").count():
        page.fill("#proxy-form input[name=proxy_name]", "代理人 鈴木一郎")
        page.set_input_files("#proxy-form input[name=file]", str(proxy))
        page.click("#proxy-form button[type=submit]")
        page.wait_for_load_state("networkidle")
    assert "proxy" in page.content() or "代理人" in page.content()
    assert page.locator("#board-status strong").inner_text().strip() in ("可決", "Adopted", "가결")

    page.goto("/o/klic/board/")
    assert page.locator("#unsigned-minutes li").count() == 1
    page.goto(url)
    page.click("#sign-minutes")
    page.wait_for_load_state("networkidle")
    assert page.locator("#minutes-signed").count() == 1
    page.goto("/o/klic/board/")
    assert page.locator("#unsigned-minutes").count() == 0
