"""Issue 10 in the browser: a partner's Act 4(3) items are read-only on its form once the
agreement is in effect, with a link to a prefilled amendment; the demo tells the lawful
admission story; the share-refund page is reachable."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_partner_details_change_by_amendment_and_the_demo_admission(page):
    sign_in(page, "chairman@klic.example")
    page.goto("/o/klic/partners/")
    # The partner admitted after the effective date (demo: pending → adopted → paid → active).
    assert "株式会社響灘データラボ" in page.locator("main").inner_text()
    page.locator("main a", has_text="株式会社響灘データラボ").first.click()
    partner_url = page.url
    page.goto(partner_url.rstrip("/") + "/edit")
    assert page.locator("#name").is_disabled() and page.locator("#address").is_disabled()
    page.locator("a[href*='matter=amendment']").click()
    page.wait_for_load_state("networkidle")
    assert "matter=amendment" in page.url
    assert (
        page.locator("#amend_partner_address").input_value() == "福岡県北九州市若松区ひびきの2番1号"
    )
    assert page.locator("#amend_partner_contribution").input_value() == "1000000"


def test_share_refund_page(page):
    sign_in(page, "accountant@klic.example")
    page.goto("/o/klic/ledger/share-refunds")
    assert page.locator("h1").inner_text() == "持分の払戻し"
    assert "施行規則37条" in page.locator("main").inner_text()
