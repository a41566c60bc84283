"""Finding one's way: the section is marked in the navigation, every page below a section links
back to it, sub-menus mark the current page, long lists link to their next page."""

from __future__ import annotations

import re
from pathlib import Path

from tests.pages import seed


def _grow(world, n=3, lines=0):
    users = [world.user(r) for r in ("chairman", "member", "accountant")]
    seed.grow(world.org, users=users, partners=world.partners, n=n, lines=lines)


def test_a_detail_page_links_back_to_its_list_and_marks_its_section(client, world, login_as):
    _grow(world)
    login_as(world.user("chairman"))
    html = client.get(f"/o/{world.org.slug}/projects/").get_data(as_text=True)
    project = re.search(r'href="(/o/klic-test/projects/\d+)"', html).group(1)
    assert 'aria-current="page">' in html
    assert 'id="back-link"' not in html  # the list is the section itself
    html = client.get(project).get_data(as_text=True)
    back = re.search(r'<a href="([^"]+)" id="back-link">‹ ([^<]+)</a>', html)
    assert back.group(1) == f"/o/{world.org.slug}/projects/"
    assert back.group(2) == "Projects"
    assert re.search(r'<a href="/o/klic-test/projects/" class="current">', html)


def test_the_ledger_submenu_marks_the_current_page(client, world, login_as):
    login_as(world.user("accountant"))
    html = client.get(f"/o/{world.org.slug}/ledger/journal").get_data(as_text=True)
    current = re.findall(r'<a class="button" href="([^"]+)" aria-current="page">', html)
    assert current == [f"/o/{world.org.slug}/ledger/journal"]


def test_long_lists_link_to_the_next_page_and_back(client, world, login_as):
    _grow(world, n=120, lines=240)
    login_as(world.user("chairman"))
    html = client.get(f"/o/{world.org.slug}/projects/").get_data(as_text=True)
    assert html.count('href="/o/klic-test/projects/') >= 50
    nxt = re.search(r'<a rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    page2 = client.get(nxt).get_data(as_text=True)
    assert 'rel="prev"' in page2
    first_titles = set(re.findall(r"Project \d{6}", html))
    second_titles = set(re.findall(r"Project \d{6}", page2))
    assert second_titles and not first_titles & second_titles

    login_as(world.user("accountant"))
    html = client.get(f"/o/{world.org.slug}/ledger/journal").get_data(as_text=True)
    older = re.search(r'<a rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    page2 = client.get(older).get_data(as_text=True)
    newer = re.search(r'<a rel="prev" href="([^"]+)"', page2).group(1).replace("&amp;", "&")
    back = client.get(newer).get_data(as_text=True)
    entries = re.findall(r"/ledger/journal/(\d+)\"", html)
    assert re.findall(r"/ledger/journal/(\d+)\"", back) == entries
    assert not set(entries) & set(re.findall(r"/ledger/journal/(\d+)\"", page2))


def test_empty_lists_say_what_to_do(client, world, login_as):
    login_as(world.user("chairman"))
    html = client.get(f"/o/{world.org.slug}/projects/").get_data(as_text=True)
    assert "No projects yet. Propose the first with “Propose a project”." in html
    html = client.get(f"/o/{world.org.slug}/projects/?status=approved").get_data(as_text=True)
    assert "No project has this status." in html
    html = client.get(f"/o/{world.org.slug}/resolutions/").get_data(as_text=True)
    assert "Open the first with “Open a resolution”." in html
    html = client.get(f"/o/{world.org.slug}/documents/").get_data(as_text=True)
    assert "No documents yet. Upload the first with “Upload documents”." in html
    html = client.get(f"/o/{world.org.slug}/documents/?q=zymurgy").get_data(as_text=True)
    assert "No documents match. Clear the filters to see every document." in html
    html = client.get(f"/o/{world.org.slug}/contracts/").get_data(as_text=True)
    assert "No contracts yet. Draft the first with “New contract”." in html
    html = client.get(f"/o/{world.org.slug}/invoices").get_data(as_text=True)
    assert "No invoices yet. The accountant issues them." in html
    login_as(world.user("observer"))
    html = client.get(f"/o/{world.org.slug}/ledger/journal").get_data(as_text=True)
    assert "No entries yet. The accountant posts them." in html


def test_a_forbidden_page_keeps_the_organisations_menu(client, world, login_as):
    login_as(world.user("observer"))
    resp = client.get(f"/o/{world.org.slug}/documents/upload")
    assert resp.status_code == 403
    html = resp.get_data(as_text=True)
    assert '<nav class="orgnav">' in html
    assert re.search(r'<a href="/o/klic-test/documents/" class="current">', html)
    assert re.search(r'<a href="/o/klic-test/documents/" id="back-link">', html)


def test_an_outsiders_404_shows_nothing_of_the_organisation(client, world, login_as):
    login_as(world.other_users["chairman"])
    resp = client.get(f"/o/{world.org.slug}/documents/upload")
    assert resp.status_code == 404
    html = resp.get_data(as_text=True)
    assert "orgnav" not in html and world.org.name not in html and "back-link" not in html


def test_the_invoices_section_answers_with_and_without_a_trailing_slash(client, world, login_as):
    login_as(world.user("accountant"))
    resp = client.get(f"/o/{world.org.slug}/invoices/")
    assert resp.status_code == 308
    assert resp.headers["Location"].endswith(f"/o/{world.org.slug}/invoices")
    assert client.get(f"/o/{world.org.slug}/invoices/", follow_redirects=True).status_code == 200
    # A slug that does not exist learns nothing more than before: the target answers 404.
    resp = client.get("/o/nowhere/invoices/", follow_redirects=True)
    assert resp.status_code == 404


def test_the_failed_jobs_page_is_linked_for_the_installations_administrator(app, world):
    from llp_gov.extensions import db
    from tests.conftest import login

    chairman, admin = app.test_client(), app.test_client()
    login(chairman, world.user("chairman"))
    assert "/admin/jobs" not in chairman.get(f"/o/{world.org.slug}/").get_data(as_text=True)
    world.user("admin").is_superadmin = True
    db.session.commit()
    login(admin, world.user("admin"))
    html = admin.get(f"/o/{world.org.slug}/").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)" id="admin-jobs">([^<]+)</a>', html)
    assert link.group(1) == "/admin/jobs"
    assert admin.get(link.group(1)).status_code == 200


# Actions that cannot be taken back: the form (or its button) asks first (static/app.js reads
# data-confirm; no inline script). Keyed by the endpoint the form posts to, or by the template
# for a form that posts to its own page.
IRREVERSIBLE = {
    "projects.decide",  # approve / reject / cancel (request_changes may be taken back)
    "resolutions.vote",
    "board.proxy",
    "board.sign_minutes",
    "contracts.approve",
    "contracts.sign",
    "contracts.activate",
    "contracts.expire",
    "contracts.terminate",
    "contracts.agreement_sign",
    "invoices.cancellation",
    "invoices/correction.html",
    "partners.withdraw",
    "documents.withdraw",
    "ledger.close_year",
    "ledger.reverse",  # a reversal cannot itself be reversed
    "orgs.remove_member",  # the person loses access at once
    "auth.revoke_token",  # programs using the token stop at once
}
# The ledger overview's close button only opens the preview (a link); the button on the
# preview page closes the year and asks.
CONFIRMATION_PAGES: set[str] = set()
FORM = re.compile(r"<form\b(?P<attrs>[^>]*)>(?P<body>.*?)</form>", re.S)
ACTION = re.compile(r"""action="\{\{ (?:url_for\('(?P<endpoint>[\w.]+)'|url\('(?P<short>\w+)'\))""")
CONFIRM = re.compile(r"data-confirm(?![-\w])")


def _irreversible_forms():
    root = Path(__file__).resolve().parents[2] / "templates"
    for path in sorted(root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        if name.startswith("pdf/") or name in CONFIRMATION_PAGES:
            continue
        for match in FORM.finditer(path.read_text(encoding="utf-8")):
            if 'method="post"' not in match["attrs"]:
                continue
            action = ACTION.search(match["attrs"])
            if action is None:
                key = name
            elif action["endpoint"]:
                key = action["endpoint"]
            else:  # contracts/detail.html's url('approve') macro
                key = f"{name.split('/')[0]}.{action['short']}"
            if key in IRREVERSIBLE:
                yield name, key, match.group(0)


def test_every_irreversible_action_asks_for_confirmation():
    found = list(_irreversible_forms())
    assert {key for _name, key, _form in found} == IRREVERSIBLE  # every one is still a form
    silent = [(name, key) for name, key, form in found if not CONFIRM.search(form)]
    assert not silent, silent


def test_error_pages_say_what_happened_in_words(client, world, login_as):
    """The heading of an error page is a sentence in the reader's language, the code aside
    (the new-user trial saw a bare "404"/"403"/"409" as the page's title)."""
    login_as(world.user("observer"))
    for path, code, heading in (
        (f"/o/{world.org.slug}/documents/upload", 403, "Not allowed"),
        (f"/o/{world.org.slug}/documents/99999", 404, "Not found"),
    ):
        resp = client.get(path)
        assert resp.status_code == code
        html = resp.get_data(as_text=True)
        title = re.search(r"<title>([^<]*)</title>", html).group(1)
        h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
        assert title.startswith(heading) and h1.startswith(heading), (title, h1)
        assert f"(error {code})" in h1
