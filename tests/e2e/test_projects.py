"""A member submits a regional commission, the chairman approves it with a comment from the
dashboard, and the member sees the decision."""

import pytest

TITLE = "北九州市 観光案内システム更新業務"
COMMENT = "市の予算確定後に着手してください。"


def _sign_out(page):
    page.click("#sign-out")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_member_submits_chairman_approves_member_sees(page, sign_in_as, live_server):
    page = sign_in_as("member@klic.example")
    page.goto("/o/klic/projects/new")
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=kind]", "regional_system")
    page.fill("input[name=value]", "9800000")
    page.select_option(
        "select[name='participants-0-partner_id']", label="株式会社門司港ソフトウェア"
    )
    page.select_option("select[name='participants-0-role']", "lead")
    page.fill("input[name='participants-0-share_percent']", "60")
    page.select_option(
        "select[name='participants-1-partner_id']", label="株式会社若松ネットワークス"
    )
    page.select_option("select[name='participants-1-role']", "member")
    page.fill("input[name='participants-1-share_percent']", "40")
    assert page.locator("#share-total").inner_text() == "100%"
    page.click("#project-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#project-title").inner_text() == TITLE
    page.click("#project-submit")
    page.wait_for_load_state("networkidle")
    assert page.locator(".project-status").get_attribute("data-status") == "submitted"
    _sign_out(page)

    sign_in_as("chairman@klic.example")
    page.goto("/o/klic/")
    item = page.locator("li.waiting-project", has_text=TITLE)
    item.locator("textarea[name=comment]").fill(COMMENT)
    item.locator("button[value=approve]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("li.waiting-project", has_text=TITLE).count() == 0
    _sign_out(page)

    sign_in_as("member@klic.example")
    page.goto("/o/klic/")
    page.click("#notifications-panel a")
    page.wait_for_load_state("networkidle")
    row = page.locator("table.notifications tr", has_text=TITLE)
    assert COMMENT in row.inner_text()
    row.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".project-status").get_attribute("data-status") == "approved"
    assert COMMENT in page.locator("table.decisions").inner_text()
    mails = list((live_server.tmp / "mail").glob("*.eml"))
    assert any(TITLE.encode() in m.read_bytes() or b"=?utf-8?" in m.read_bytes() for m in mails)
