"""Daily pages in Chromium: the bundled web fonts render Japanese and Korean, the lists page.

Screenshots go under the test run's output (LLP_GOV_SCREENSHOTS, default
test-results/screenshots/), for a person to look at."""

from __future__ import annotations

from tests.e2e.conftest import SCREENSHOTS as SHOTS
from tests.e2e.conftest import sign_in


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


def test_withdrawing_a_document_asks_first_and_cancel_changes_nothing(page):
    from tests.e2e.conftest import accept_dialog

    page.remove_listener("dialog", accept_dialog)
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    sign_in(page, "chairman@klic.example")
    page.goto("/o/klic/documents/")
    page.locator("table tbody tr td a").first.click()
    page.wait_for_load_state("networkidle")
    detail = page.url
    page.fill("textarea[name=reason], input[name=reason]", "登録誤りのため")
    page.on("dialog", dismiss)
    page.get_by_role("button", name="書類を取り下げる").click()
    page.wait_for_timeout(500)
    assert len(questions) == 1
    assert "取り消せません" in questions[0]
    assert page.url == detail
    assert page.get_by_role("button", name="書類を取り下げる").is_visible()  # nothing sent
    page.remove_listener("dialog", dismiss)
    page.on("dialog", accept_dialog)
    page.get_by_role("button", name="書類を取り下げる").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("button", name="書類を取り下げる").count() == 0
    _shot(page, "document-withdrawn-ja")


def test_a_failed_upload_turns_its_bar_red(page):
    from tests.documents.samples import cjk_pdf
    from tests.e2e.test_documents import drop_file

    sign_in(page, "member@klic.example")
    page.goto("/o/klic/documents/upload")
    # An executable is no document: the server refuses it.
    drop_file(
        page, "#dropzone", "setup.exe", b"MZ\x90\x00" + b"\x00" * 200, "application/octet-stream"
    )
    page.click("#upload-submit")
    page.wait_for_selector("#upload-list li.upload-item.failed")
    bar = page.locator("#upload-list li.upload-item.failed progress")
    assert bar.get_attribute("value") == "100"
    assert bar.evaluate("b => getComputedStyle(b).accentColor") == "rgb(176, 0, 32)"
    assert page.locator("#upload-list .upload-status[role=alert]").is_visible()
    # A contract without its date, amount and counterparty: the one rule is said once.
    page.select_option("select[name=doc_type]", "contract")
    drop_file(page, "#dropzone", "契約書.pdf", cjk_pdf(["契約書"]), "application/pdf")
    page.click("#upload-submit")
    status = page.locator("#upload-list li.upload-item.failed .upload-status")
    status.wait_for()
    assert status.inner_text().count("電子帳簿保存法") == 1, status.inner_text()
    _shot(page, "upload-failed-ja")


def test_the_search_box_spans_the_panel_and_says_what_to_type(page):
    sign_in(page, "member@klic.example")
    page.goto("/o/klic/search")
    box = page.locator("#search-q")
    assert box.bounding_box()["width"] > 600
    assert box.get_attribute("placeholder")
    page.fill("#search-q", "契約")
    page.fill("input[name=amount_min]", "9000")
    page.fill("input[name=amount_max]", "10")
    page.click("form.search-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "入れ替えてください" in page.locator("p.error").inner_text()
    _shot(page, "search-reversed-range-ja")


def test_the_resolution_form_shows_only_the_chosen_matters_fields(page):
    sign_in(page, "chairman@klic.example")
    page.goto("/o/klic/resolutions/new")
    amount = page.locator("input[name=amount]")
    ratio = page.locator("fieldset[data-for-matters=profit_loss_ratio]")
    amendment = page.locator("input[name=amend_name]")
    subject = page.locator("select[name=subject_partner_id]")
    page.select_option("select[name=matter]", "important_property")
    assert amount.is_visible() and not ratio.is_visible() and not amendment.is_visible()
    assert not subject.is_visible()
    page.select_option("select[name=matter]", "amendment")
    assert amendment.is_visible() and not amount.is_visible() and not ratio.is_visible()
    assert amount.is_disabled()  # a hidden field is not sent
    page.select_option("select[name=matter]", "admission")
    assert subject.is_visible() and not amount.is_visible()
    page.select_option("select[name=matter]", "profit_loss_ratio")
    assert ratio.is_visible() and not subject.is_visible()
    _shot(page, "resolution-form-ratio-ja")


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_the_audit_trail_fits_1280_pixels_and_pages_by_key(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "chairman@klic.example")
    page.goto("/o/klic/audit?category=all")
    page.wait_for_load_state("networkidle")
    assert _no_horizontal_scroll(page)
    _shot(page, "audit-1280")
    first = page.locator("table.audit tbody tr td").first.inner_text()
    older = page.locator("nav.pager a[rel=next]")
    if older.count():
        older.click()
        page.wait_for_load_state("networkidle")
        assert "after=" in page.url and "category=all" in page.url
        assert int(page.locator("table.audit tbody tr td").first.inner_text()) < int(first)
        assert _no_horizontal_scroll(page)
        page.locator("nav.pager a[rel=prev]").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("table.audit tbody tr td").first.inner_text() == first


def test_the_project_form_links_several_documents_from_the_picker(page):
    sign_in(page, "chairman@klic.example")
    page.goto("/o/klic/projects/new")
    picker = page.locator('.doc-picker[data-select="document_ids"]')
    picker.wait_for(state="visible")
    ticks = picker.locator("ul.picker-results input[type=checkbox]")
    ticks.first.wait_for()
    assert ticks.count() >= 2
    ticks.nth(0).check()
    ticks.nth(1).check()
    chosen = page.eval_on_selector("#document_ids", "s => [...s.selectedOptions].map(o => o.value)")
    assert len(chosen) == 2
    # A search narrows the list to titles containing the words typed.
    title = picker.locator("ul.picker-results label").nth(2).inner_text().split()[0]
    with page.expect_response(lambda r: "document-picker" in r.url and "q=" in r.url):
        picker.locator("input.picker-query").fill(title)
    page.wait_for_function(
        """(title) => [...document.querySelectorAll('.doc-picker[data-select=document_ids] ul.picker-results label')]
                       .every(l => l.textContent.includes(title))""",
        arg=title,
    )
    labels = picker.locator("ul.picker-results label").all_inner_texts()
    assert labels and all(title in text for text in labels)
    _shot(page, "project-form-picker")
