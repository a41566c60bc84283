"""Daily pages in Chromium: the bundled web fonts render Japanese and Korean, the lists page.

Screenshots go under the test run's output (LLP_GOV_SCREENSHOTS, default
test-results/screenshots/), for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

from tests.e2e.conftest import sign_in

SHOTS = Path(os.environ.get("LLP_GOV_SCREENSHOTS", "test-results/screenshots"))


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _font_loaded(page, family: str) -> bool:
    return page.evaluate(
        """async (family) => {
            await document.fonts.ready;
            return [...document.fonts].some(f => f.family.replace(/"/g, '') === family
                                                 && f.status === 'loaded');
        }""",
        family,
    )


def test_japanese_pages_use_the_bundled_gothic(page):
    sign_in(page, "chairman@klic.example")
    page.goto("/o/klic/projects/")
    page.wait_for_load_state("networkidle")
    assert _font_loaded(page, "LLP Gothic JA")
    _shot(page, "projects-ja")


def test_korean_pages_use_the_bundled_nanum(page):
    sign_in(page, "chairman@klic.example")
    page.locator("button[data-lang=ko]").click()
    page.wait_for_load_state("networkidle")
    page.goto("/o/klic/resolutions/")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert _font_loaded(page, "LLP Gothic KO")
    _shot(page, "resolutions-ko")
