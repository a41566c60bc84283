"""Finding one's way: the section is marked in the navigation, every page below a section links
back to it, sub-menus mark the current page, long lists link to their next page."""

from __future__ import annotations

import re

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
    login_as(world.user("observer"))
    html = client.get(f"/o/{world.org.slug}/ledger/journal").get_data(as_text=True)
    assert "No entries yet. The accountant posts them." in html
