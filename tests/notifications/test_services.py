"""Notifications: in the recipient's language, read only by the recipient, mailed after commit."""

import email
import email.policy
from pathlib import Path

import pytest
from sqlalchemy import select

from llp_gov.errors import NotFound
from llp_gov.extensions import db
from llp_gov.notifications import services
from llp_gov.notifications.models import Notification


def _notify(world, user):
    from flask_babel import gettext as _

    note = services.notify(
        actor=world.user("chairman"),
        organisation=world.org,
        user=user,
        message=lambda: (_("Approved"), "본문 本文"),
        link="/o/klic-test/",
    )
    db.session.commit()
    return note


def test_subject_is_written_in_the_recipients_language(world):
    member = world.user("member")
    member.locale = "ja"
    note = _notify(world, member)
    assert note.subject == "承認済み"


def test_mail_goes_to_the_outbox_after_commit_in_utf8(app, world):
    _notify(world, world.user("member"))
    files = list(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))
    assert len(files) == 1
    msg = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert msg["From"] == app.config["MAIL_SENDER"]
    assert "본문 本文" in msg.get_content()


def test_only_the_recipient_marks_read(world):
    note = _notify(world, world.user("member"))
    with pytest.raises(NotFound):
        services.mark_read(
            actor=world.user("accountant"), organisation=world.org, notification_id=note.id
        )
    services.mark_read(actor=world.user("member"), organisation=world.org, notification_id=note.id)
    assert note.read_at is not None
    assert services.unread_count(actor=world.user("member"), organisation=world.org) == 0


def test_list_shows_only_my_notifications(world):
    _notify(world, world.user("member"))
    _notify(world, world.user("accountant"))
    mine = services.list_for(actor=world.user("member"), organisation=world.org)
    assert [n.user_id for n in mine] == [world.user("member").id]
    assert db.session.scalars(select(Notification)).all().__len__() == 2
