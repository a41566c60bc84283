"""Board portal end to end on a governance resolution: decided in writing, the convening notice
opened, votes cast by proxy with the 委任状, and signed minutes."""

from __future__ import annotations

import re

import pytest

from tests.contracts.helpers import signed_copy_pdf
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_written_resolution_proxy_votes_and_signed_minutes(page, tmp_path):
    proxy = tmp_path / "proxy.pdf"
    proxy.write_bytes(signed_copy_pdf())
    sign_in(page, "chairman@klic.example")
    page.goto("/o/klic/board/")
    page.select_option("#propose-form select[name=matter]", "business")
    page.fill("#propose-form input[name=title]", "事務所移転の件")
    page.fill("#propose-form textarea[name=text]", "事務所を小倉北区に移転する。")
    page.click("#propose-form button[type=submit]")
    # The resolution is an ordinary governance resolution, decided in writing.
    page.wait_for_url(re.compile(r"/o/klic/resolutions/\d+$"))
    url = page.url
    assert page.locator("#board-notices tbody tr").count() >= 2
    page.click("#vote button[value=for]")  # the chairman consents for the partner he represents
    page.wait_for_load_state("networkidle")

    page.context.clear_cookies()
    sign_in(page, "member@klic.example")
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.click("#vote button[value=for]")
    page.wait_for_load_state("networkidle")
    opened = page.locator("#board-notices tbody td.opened").all_inner_texts()
    # The chairman's and the member's notices were opened; the other representatives' were not.
    assert sum(1 for t in opened if t.strip() != "—") == 2 and len(opened) > 2

    page.context.clear_cookies()
    sign_in(page, "chairman@klic.example")
    page.goto(url)
    # The other partners consented through a written proxy; the chairman records each vote.
    while page.locator("#proxy-form").count():
        page.fill("#proxy-form input[name=proxy_name]", "代理人 鈴木一郎")
        page.select_option("#proxy-form select[name=vote]", "for")
        page.set_input_files("#proxy-form input[name=file]", str(proxy))
        page.click("#proxy-form button[type=submit]")
        page.wait_for_load_state("networkidle")
    assert "代理人 鈴木一郎" in page.locator("#board-notices").inner_text()
    assert page.locator(".resolution-status").get_attribute("data-status") == "adopted"

    page.goto("/o/klic/board/")
    assert page.locator("#unsigned-minutes a", has_text="事務所移転の件").count() == 1
    page.goto(url)
    page.click("#sign-minutes")
    page.wait_for_load_state("networkidle")
    assert page.locator("#minutes-signed").count() == 1
    page.goto("/o/klic/board/")
    assert page.locator("#unsigned-minutes a", has_text="事務所移転の件").count() == 0
