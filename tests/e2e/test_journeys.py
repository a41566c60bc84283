"""The three daily journeys through the pages, as a new user walks them: the chairman approves a
joint project, opens a resolution and votes; a member uploads a contract, finds it by search in
Japanese, Korean and English, proposes a project and votes; the accountant posts an entry,
closes the year and exports it. Each page is reached by the menus and links (not typed
addresses), irreversible steps ask first, and the text renders in the packaged web fonts: the
browser reports the Japanese and Korean glyphs as drawn by our fonts, not by a system fallback
(this machine has no CJK fonts). Screenshots under test-results/screenshots/."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.documents.samples import cjk_pdf
from tests.e2e.conftest import SCREENSHOTS, sign_in
from tests.e2e.test_documents import drop_file

pytestmark = pytest.mark.browser

CONTRACT = "業務委託基本契約書"
CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uff00-\uffef]")


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"journey-{name}.png"), full_page=True)


def _reads_in_packaged_fonts(page, selector: str, family: str) -> None:
    """The face is loaded, and every Japanese/Korean glyph of `selector`'s text is drawn by a
    web font (Chromium's own account of the fonts it used for the node, via DevTools)."""
    page.wait_for_load_state("networkidle")
    loaded = page.evaluate(
        """async (family) => {
            await document.fonts.ready;
            return [...document.fonts].filter(f => f.family.replace(/"/g, '') === family)
                                      .map(f => f.status);
        }""",
        family,
    )
    assert "loaded" in loaded, (family, loaded)
    text = page.locator(selector).first.inner_text()
    wanted = len(CJK.findall(text))
    assert wanted, text
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    ours = sum(f["glyphCount"] for f in fonts if f["isCustomFont"])
    assert ours >= wanted, (selector, text, fonts)


def _menu(page, href: str) -> None:
    page.click(f"nav.orgnav a[href='{href}']")
    page.wait_for_load_state("networkidle")
    assert page.locator(f"nav.orgnav a[href='{href}']").get_attribute("class") == "current"


def _language(page, code: str) -> None:
    page.locator(f"button[data-lang={code}]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == code


def _questions(page) -> list[str]:
    """The confirmation questions the page asks (conftest's listener answers them)."""
    asked: list[str] = []
    page.on("dialog", lambda dialog: asked.append(dialog.message))
    return asked


def _deadline() -> str:
    return (dt.datetime.now() + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")


def test_the_chairman_approves_a_joint_project_opens_a_resolution_and_votes(page):
    asked = _questions(page)
    sign_in(page, "chairman@klic.example")
    _reads_in_packaged_fonts(page, "main h1", "LLP Gothic JA")
    waiting = page.locator("#projects-waiting li.waiting-project").first
    title = waiting.locator("a").first.inner_text()
    waiting.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#project-title").inner_text() == title
    assert page.locator("#back-link").get_attribute("href") == "/o/klic/projects/"
    _reads_in_packaged_fonts(page, "#project-title", "LLP Gothic JA")
    page.fill("textarea[name=comment]", "予算確定を確認しました。")
    page.click("#project-decision button[value=approve]")
    page.wait_for_load_state("networkidle")
    assert len(asked) == 1 and "取り消せません" in asked[0]
    assert page.locator(".project-status").get_attribute("data-status") == "approved"

    _menu(page, "/o/klic/resolutions/")
    page.click("#new-resolution")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=matter]", "business")
    assert not page.locator("input[name=amount]").is_visible()  # only this matter's fields
    page.fill("input[name=title]", "防災ポータル受託に伴う作業体制の承認")
    page.fill("textarea[name=text]", "共同受託の作業体制を承認する。")
    page.fill("input[name=deadline]", _deadline())
    page.click("main form.card button[type=submit].primary")
    page.wait_for_url(re.compile(r"/o/klic/resolutions/\d+$"))
    assert "作業体制" in page.locator("#resolution-title").inner_text()
    assert page.locator("#back-link").get_attribute("href") == "/o/klic/resolutions/"
    page.click("#vote button[value=for]")
    page.wait_for_load_state("networkidle")
    assert len(asked) == 2
    assert page.locator("#tally-for").inner_text() == "1"
    _reads_in_packaged_fonts(page, "#resolution-title", "LLP Gothic JA")
    _shot(page, "chairman-ja")


def test_a_member_uploads_finds_in_three_languages_proposes_and_votes(page):
    asked = _questions(page)
    sign_in(page, "member@klic.example")
    _menu(page, "/o/klic/documents/")
    page.click("a[href='/o/klic/documents/upload']")
    pdf = cjk_pdf(
        [
            CONTRACT,
            "甲と乙は防災ポータルの保守について合意する。",
            f"{dt.datetime.now():%H%M%S%f}",
        ]
    )
    drop_file(page, "#dropzone", f"{CONTRACT}.pdf", pdf, "application/pdf")
    page.select_option("select[name=doc_type]", "contract")
    page.fill("input[name=counterparty]", "北九州市")  # a contract names its counterparty,
    page.fill("input[name=transaction_date]", "2026-11-30")  # date and amount (電帳法)
    page.fill("input[name=amount]", "3600000")
    page.click("#upload-submit")
    page.wait_for_selector("#upload-list li.upload-item.done")

    _menu(page, "/o/klic/search")
    page.fill("#search-q", "防災ポータル")
    page.click("form.search-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    found = page.locator("a.result-title", has_text=CONTRACT)
    assert found.count() == 1
    _reads_in_packaged_fonts(page, ".result-count", "LLP Gothic JA")
    # The language switch keeps the page and its query: the same result, in Korean and English.
    _language(page, "ko")
    assert page.input_value("#search-q") == "防災ポータル" and found.count() == 1
    assert "건" in page.locator(".result-count").inner_text()
    _reads_in_packaged_fonts(page, "main h1", "LLP Gothic KO")
    _shot(page, "member-search-ko")
    _language(page, "en")
    assert found.count() == 1 and "found" in page.locator(".result-count").inner_text()
    _language(page, "ja")

    _menu(page, "/o/klic/projects/")
    page.click("a[href='/o/klic/projects/new']")
    page.fill("input[name=title]", "防災ポータル 保守運用業務")
    page.select_option("select[name=kind]", "regional_system")
    page.fill("input[name=value]", "3600000")
    page.select_option(
        "select[name='participants-0-partner_id']", label="株式会社門司港ソフトウェア"
    )  # the member's own company takes part
    page.select_option("select[name='participants-0-role']", "lead")
    page.fill("input[name='participants-0-share_percent']", "100")
    # The contract just uploaded, ticked in the document picker, is linked from the project.
    page.locator('.doc-picker[data-select="document_ids"] li', has_text=CONTRACT).locator(
        "input"
    ).check()
    page.click("#project-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#project-title").inner_text() == "防災ポータル 保守運用業務"
    assert page.locator("ul.links a", has_text=CONTRACT).count() == 1
    page.click("#project-submit")
    page.wait_for_load_state("networkidle")
    assert page.locator(".project-status").get_attribute("data-status") == "submitted"

    _menu(page, "/o/klic/")
    page.locator("#resolutions-waiting a").first.click()
    page.wait_for_load_state("networkidle")
    before = int(page.locator("#tally-for").inner_text())
    page.click("#vote button[value=for]")
    page.wait_for_load_state("networkidle")
    assert asked and int(page.locator("#tally-for").inner_text()) == before + 1
    _shot(page, "member-voted-ja")


def test_the_accountant_posts_closes_the_year_and_exports_in_korean(page):
    asked = _questions(page)
    # The demo's last closed year is FY2025 (the current one has not ended): the chairman
    # reopens it, as he would to let a forgotten entry in.
    sign_in(page, "chairman@klic.example")
    page.goto("/o/klic/ledger/fiscal-years/2025")
    page.fill("textarea#reason", "6月分の計上漏れ")
    page.click("main form button[type=submit]:has-text('2025')")
    page.wait_for_load_state("networkidle")
    page.click("#sign-out")
    page.wait_for_load_state("networkidle")

    sign_in(page, "accountant@klic.example")
    _language(page, "ko")
    _menu(page, "/o/klic/ledger/")
    _reads_in_packaged_fonts(page, "main h1", "LLP Gothic KO")
    page.click("a.button[href='/o/klic/ledger/journal']")
    page.wait_for_load_state("networkidle")
    assert page.locator("a[aria-current=page]").first.get_attribute("href") == (
        "/o/klic/ledger/journal"
    )
    page.goto("/o/klic/ledger/journal/new")
    page.fill("input[name=entry_date]", "2025-06-30")
    page.fill("input[name=description]", "2025년 6월분 업무위탁료")
    page.select_option("select[name='lines-0-account']", "112")
    page.fill("input[name='lines-0-debit']", "1100000")
    page.select_option("select[name='lines-1-account']", "410")
    page.fill("input[name='lines-1-credit']", "1100000")
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r"/o/klic/ledger/journal/\d+$"))
    assert page.locator("#back-link").get_attribute("href") == "/o/klic/ledger/journal"

    page.click("#back-link")
    page.wait_for_load_state("networkidle")
    page.click("nav.actions a[href='/o/klic/ledger/']")  # the ledger's Overview
    page.wait_for_load_state("networkidle")
    page.click("[data-close-year='2025']")
    page.wait_for_url(re.compile(r"/o/klic/ledger/fiscal-years/2025/close$"))
    assert not asked  # the overview's button only opens the preview of the allocation
    page.click("button[data-confirm-close='2025']")
    page.wait_for_url(re.compile(r"/o/klic/ledger/fiscal-years/2025$"))
    assert asked  # the button that really closes the year asked first
    page.click("#back-link")
    page.wait_for_load_state("networkidle")
    with page.expect_download() as info:
        page.click("a[data-export-xlsx='2025']")
    assert info.value.suggested_filename.endswith(".xlsx")
    _shot(page, "accountant-ko")
