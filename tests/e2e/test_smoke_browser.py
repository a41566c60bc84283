"""The live server and Chromium work together: a Japanese browser gets the Japanese login page."""


def test_login_page_defaults_to_japanese(page):
    page.goto("/login")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("input[name=email]").is_visible()
    assert page.locator("input[name=password]").is_visible()
