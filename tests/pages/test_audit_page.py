"""The audit page reads as words: actors by name, tags as words, targets as links, a category
filter with notifications hidden unless asked for."""

from __future__ import annotations

import contextlib
import re

from sqlalchemy import event

from llp_gov.audit import services as audit
from llp_gov.extensions import db


def _setup(world):
    chairman = world.user("chairman")
    partner = world.partners[0]
    audit.record(
        tag="partner:update",
        actor=chairman,
        organisation_id=world.org.id,
        target=partner,
        diff={"name": ["a", "b"]},
    )
    audit.record(
        tag="notification:send",
        actor=None,
        organisation_id=world.org.id,
        target_type="users",
        target_id=chairman.id,
        diff={},
    )
    db.session.commit()
    return partner


def _tags(html):
    return re.findall(r'data-tag="([a-z:_]+)"', html)


def test_notifications_are_hidden_unless_asked_for(client, world, login_as):
    _setup(world)
    login_as(world.user("chairman"))
    url = f"/o/{world.org.slug}/audit"
    assert "notification:send" not in _tags(client.get(url).get_data(as_text=True))
    assert "notification:send" in _tags(
        client.get(url, query_string={"category": "all"}).get_data(as_text=True)
    )
    only = _tags(client.get(url, query_string={"category": "notification"}).get_data(as_text=True))
    assert set(only) == {"notification:send"}
    assert set(
        _tags(client.get(url, query_string={"category": "partner"}).get_data(as_text=True))
    ) == {"partner:update"}


def test_tags_read_as_words_actors_by_name_targets_as_links(client, world, login_as):
    partner = _setup(world)
    login_as(world.user("chairman"))
    html = client.get(f"/o/{world.org.slug}/audit").get_data(as_text=True)
    assert 'data-tag="partner:update">Partners: changed</span>' in html
    assert f">{world.user('chairman').name}</span>" in html
    assert f'<a href="/o/{world.org.slug}/partners/{partner.id}">Partner {partner.id}</a>' in html


@contextlib.contextmanager
def offsets():
    """The OFFSET values of the statements run inside (SQLite always writes an OFFSET after a
    LIMIT, as 0 when none is asked for; PostgreSQL writes none)."""
    used: list = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if "OFFSET" in statement.upper():
            used.append(parameters[-1] if isinstance(parameters, tuple | list) else parameters)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield used
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def _links(html):
    found = dict(re.findall(r'rel="(next|prev)" href="([^"]+)"', html))
    return {k: v.replace("&amp;", "&") for k, v in found.items()}


def test_the_whole_trail_pages_both_ways_by_key_without_offset(client, world, login_as):
    from tests.pages import seed

    users = [world.user(r) for r in ("chairman", "member", "accountant")]
    seed._audits(world.org, users, 260)
    db.session.commit()
    login_as(world.user("chairman"))
    url, seen, pages = f"/o/{world.org.slug}/audit?category=all", [], []
    while url:
        with offsets() as used:
            html = client.get(url).get_data(as_text=True)
        assert not [o for o in used if o], (url, used)
        seqs = [int(s) for s in re.findall(r"<tr><td>(\d+)</td>", html)]
        assert "category=all" in url
        seen += seqs
        pages.append(url)
        url = _links(html).get("next")
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == len(seen)
    assert len(seen) >= 260 and seen[-1] == 1 and len(pages) >= 3
    # "Newer" from the last page returns exactly the page before it.
    last = client.get(pages[-1]).get_data(as_text=True)
    newer = client.get(_links(last)["prev"]).get_data(as_text=True)
    before = client.get(pages[-2]).get_data(as_text=True)
    assert re.findall(r"<tr><td>(\d+)</td>", newer) == re.findall(r"<tr><td>(\d+)</td>", before)


def test_a_malformed_page_key_shows_the_newest_events(client, world, login_as):
    _setup(world)
    login_as(world.user("chairman"))
    resp = client.get(f"/o/{world.org.slug}/audit", query_string={"after": "x'1"})
    assert resp.status_code == 200
    assert "partner:update" in _tags(resp.get_data(as_text=True))
