"""The audit page's filters read what the page shows (new-user trial, issue 14): a tag by its
words in the reader's language, an actor by the name in the Actor column, and a reversed date
range refused beside the field instead of a silent "No events"."""

from __future__ import annotations

import re

import pytest

from llp_gov.audit import services as audit
from llp_gov.extensions import db


def _tags(html):
    return re.findall(r'data-tag="([a-z:_]+)"', html)


def _setup(world, locale="en"):
    chairman, member = world.user("chairman"), world.user("member")
    chairman.name, chairman.locale = "山本 健一", locale
    member.name = "Kim Minsu"
    audit.record(
        tag="resolution:vote",
        actor=member,
        organisation_id=world.org.id,
        target_type="resolutions",
        target_id=1,
        diff={},
    )
    audit.record(
        tag="partner:update",
        actor=chairman,
        organisation_id=world.org.id,
        target=world.partners[0],
        diff={"name": ["a", "b"]},
    )
    db.session.commit()
    return chairman


def _get(client, world, **args):
    resp = client.get(f"/o/{world.org.slug}/audit", query_string=args)
    assert resp.status_code == 200
    return resp.get_data(as_text=True)


@pytest.mark.parametrize(
    ("locale", "typed"),
    [
        ("en", "vote"),
        ("en", "VOTE"),
        ("en", "ｖｏｔｅ"),  # full-width, as a Japanese keyboard may type it (NFKC)
        ("ko", "투표"),
        ("ja", "投票"),
        ("en", "resolution:vote"),  # the code still works
        ("en", "resolutions"),  # the category's word
        ("en", "Resolutions: vote"),  # both words as the Tag column shows them
    ],
)
def test_the_tag_filter_matches_the_words_shown(client, world, login_as, locale, typed):
    login_as(_setup(world, locale))
    assert set(_tags(_get(client, world, tag=typed))) == {"resolution:vote"}


def test_the_tag_filter_matches_nothing_for_words_no_tag_has(client, world, login_as):
    login_as(_setup(world))
    html = _get(client, world, tag="zzz")
    assert _tags(html) == []


@pytest.mark.parametrize("typed", ["山本 健一", "山本", "chairman@klic", "CHAIRMAN"])
def test_the_actor_filter_matches_the_name_shown_and_the_address(client, world, login_as, typed):
    login_as(_setup(world))
    assert set(_tags(_get(client, world, actor=typed))) == {"partner:update"}


def test_the_actor_filter_takes_percent_and_underscore_literally(client, world, login_as):
    login_as(_setup(world))
    assert _tags(_get(client, world, actor="%")) == []


@pytest.mark.parametrize(
    ("locale", "message"),
    [
        ("en", "The end date is before the start date."),
        ("ja", "終了日が開始日より前です。"),
        ("ko", "종료일이 시작일보다 앞섭니다."),
    ],
)
def test_a_reversed_date_range_is_refused_beside_the_field(
    client, world, login_as, locale, message
):
    login_as(_setup(world, locale))
    html = _get(client, world, date_from="2026-03-01", date_to="2026-02-01", tag="resolution")
    assert re.search(r'class="error"[^>]*>' + re.escape(message) + "<", html)
    # The other filters still apply; the refused range is not a silent "No events".
    assert set(_tags(html)) == {"resolution:vote"}


def test_a_forward_date_range_is_not_refused(client, world, login_as):
    login_as(_setup(world))
    html = _get(client, world, date_from="2000-01-01", date_to="2100-01-01")
    assert 'class="error"' not in html
    assert "partner:update" in _tags(html)


def test_the_target_column_names_the_partner(client, world, login_as):
    login_as(_setup(world))
    partner = world.partners[0]
    html = _get(client, world)
    link = f'<a href="/o/{world.org.slug}/partners/{partner.id}">'
    cell = html.split(link, 1)[1].split("</a>", 1)[0]
    assert partner.display_name("en") in cell


def test_actors_and_target_users_are_named_in_one_query(client, world, login_as):
    """The Actor and Target columns read their users' names together (a count, not a time)."""
    from sqlalchemy import event

    chairman = _setup(world)
    audit.record(
        tag="member:update",
        actor=chairman,
        organisation_id=world.org.id,
        target_type="users",
        target_id=world.user("accountant").id,
        diff={},
    )
    db.session.commit()
    login_as(chairman)
    seen: list[str] = []

    def before(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        html = _get(client, world)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    assert world.user("accountant").name in html and "Kim Minsu" in html
    names = [s for s in seen if re.match(r"SELECT users\.id, users\.name\s+FROM users", s)]
    assert len(names) == 1, names
