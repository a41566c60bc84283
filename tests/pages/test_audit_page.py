"""The audit page reads as words: actors by name, tags as words, targets as links, a category
filter with notifications hidden unless asked for."""

from __future__ import annotations

import contextlib
import re

import pytest
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
    name = partner.display_name("en")
    assert f'<a href="/o/{world.org.slug}/partners/{partner.id}">Partner {name}</a>' in html


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


# Issue 14: the change lists read as words — a label per field, each value in a reader's form.
def _changes_html(client, world, login_as, locale):
    chairman = world.user("chairman")
    chairman.locale = locale
    db.session.commit()
    login_as(chairman)
    html = client.get(f"/o/{world.org.slug}/audit?category=all").get_data(as_text=True)
    return " ".join(re.findall(r'<dl class="diff">(.*?)</dl>', html, re.S))


def _record_demo_shapes(world):
    """Events with the shapes the services write (codes, ids, dicts, lists of rows)."""
    chairman, partner = world.user("chairman"), world.partners[0]
    org = world.org.id
    audit.record(
        tag="contract:approved",
        actor=chairman,
        organisation_id=org,
        target_type="contracts",
        target_id=1,
        diff={"status": ["in_review", "approved"], "approved_by": [None, chairman.id]},
    )
    audit.record(
        tag="resolution:close",
        actor=chairman,
        organisation_id=org,
        target_type="resolutions",
        target_id=1,
        diff={
            "status": ["open", "adopted"],
            "close_reason": [None, "decided"],
            "tally": [
                None,
                {"base": 12, "required": 7, "for": 9, "against": 2, "abstain": 1, "missing": 0},
            ],
        },
    )
    audit.record(
        tag="resolution:vote",
        actor=chairman,
        organisation_id=org,
        target_type="resolutions",
        target_id=1,
        diff={"partner_id": [None, partner.id], "vote": ["against", "for"]},
    )
    audit.record(
        tag="document:version:add",
        actor=chairman,
        organisation_id=org,
        target_type="documents",
        target_id=1,
        diff={"version": [None, {"number": 2, "sha256": "ab" * 32, "filename": "a.pdf"}]},
    )
    audit.record(
        tag="ledger:year:close",
        actor=chairman,
        organisation_id=org,
        target_type="ledger_fiscal_years",
        target_id=1,
        diff={
            "status": ["open", "closed"],
            "net_income": [None, 8_140_000],
            "allocation": [None, {str(partner.id): 1_526_250}],
        },
    )
    audit.record(
        tag="ledger:entry:post",
        actor=chairman,
        organisation_id=org,
        target_type="ledger_entries",
        target_id=1,
        diff={
            "date": [None, "2025-03-31"],
            "kind": [None, "ordinary"],
            "lines": [None, [["112", 3_000_000, 0], ["410", 0, 3_000_000]]],
        },
    )
    audit.record(
        tag="signing:sign",
        actor=chairman,
        organisation_id=org,
        target_type="signed_pdfs",
        target_id=16,
        diff={"sha256": [None, "cd" * 32], "purpose": [None, "ledger:statements"]},
    )
    db.session.commit()
    return partner


def test_changes_read_as_labelled_words_in_english(client, world, login_as):
    partner = _record_demo_shapes(world)
    text = _changes_html(client, world, login_as, "en")
    for expected in (
        "<dt>Status</dt><dd>In review → Approved</dd>",
        f"<dt>Approved by</dt><dd>{world.user('chairman').name}</dd>",
        "<dt>Why it closed</dt>",
        "For 9, against 2, abstained 1, not voted 0 (7 of 12 required)",
        f"<dt>Partner</dt><dd>{partner.display_name('en')}</dd>",
        "<dt>Vote</dt><dd>Against → For</dd>",
        "Version 2 · a.pdf · SHA-256 abababababab…",
        "<dt>Status</dt><dd>Open → Closed</dd>",
        "<dt>Net income</dt><dd>¥8,140,000</dd>",
        f"<li>{partner.display_name('en')}: ¥1,526,250</li>",
        "<dt>Date</dt><dd>Mar 31, 2025</dd>",
        "<dt>Kind</dt><dd>Ordinary entry</dd>",
        "debit ¥3,000,000",
        "<dd>issued statements</dd>",
    ):
        assert expected in text, expected
    # No internal key, raw code, ISO date or dumped dict/list is left.
    for raw in ("approved_by", "in_review", "close_reason", "ledger:statements", "2025-03-31"):
        assert raw not in text, raw
    assert not re.search(r"[{}\[\]]|'\w+':", text)


@pytest.mark.parametrize("locale", ["ja", "ko"])
def test_change_labels_are_translated(client, world, login_as, locale):
    _record_demo_shapes(world)
    text = _changes_html(client, world, login_as, locale)
    labels = re.findall(r"<dt>(.*?)</dt>", text)
    english = [x for x in labels if re.search(r"[A-Za-z]{2,}", x.replace("SHA-256", ""))]
    assert labels and not english, labels
    values = " ".join(re.findall(r"<dd>(.*?)</dd>", text, re.S))
    for english in ("Approved", "Against", "Open", "Closed", "debit", "Ordinary", "issued"):
        assert english not in values, english
    assert "2025-03-31" not in values and "{" not in values


def test_change_names_are_read_in_few_queries(client, world, login_as):
    """Users, partners and accounts named in the changes are read once per page, not per row."""
    _record_demo_shapes(world)
    login_as(world.user("chairman"))
    url = f"/o/{world.org.slug}/audit?category=all"
    with _queries() as few:
        client.get(url)
    _record_demo_shapes(world)
    _record_demo_shapes(world)
    with _queries() as more:
        client.get(url)
    assert len(more) == len(few)


@contextlib.contextmanager
def _queries():
    seen: list = []

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
