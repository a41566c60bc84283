"""The chairman signs in, sees the dashboard in Japanese, switches to English and signs out."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_chairman_dashboard_language_switch_and_sign_out(page):
    sign_in(page, "chairman@klic.example")
    assert re.search(r"/o/klic/$", page.url), page.url
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("#dashboard-title").inner_text() == "ダッシュボード"
    assert "北九州国際IT推進有限責任事業組合" in page.locator("header").inner_text()
    assert "理事長" in page.locator("main").inner_text()

    page.click("header button[data-lang=en]")
    page.wait_for_load_state("networkidle")
    assert re.search(r"/o/klic/$", page.url), page.url  # the same page, now in English
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#dashboard-title").inner_text() == "Dashboard"
    assert (
        "Kitakyushu League of International IT Companies LLP" in page.locator("header").inner_text()
    )
    assert "Chairman" in page.locator("main").inner_text()
    # The choice is saved on the profile: it holds on the next page too.
    page.click("nav.orgnav a[href='/o/klic/partners/']")
    assert page.locator("h1").inner_text() == "Partners"

    page.click("#sign-out")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/login")
    page.goto("/o/klic/")
    assert "/login" in page.url


def test_a_wrong_password_shows_an_error(page):
    sign_in(page, "chairman@klic.example", "not the password")
    assert page.url.endswith("/login")
    error = page.locator("#login-error")
    assert error.is_visible()
    assert "メールアドレスまたはパスワードが正しくありません" in error.inner_text()
    assert page.locator("#sign-out").count() == 0
