"""The audit page reads as words: actors by name, tags as words, targets as links, a category
filter with notifications hidden unless asked for."""

from __future__ import annotations

import re

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
