"""Notifications are shown in the reader's current language (issue 14): stored as a kind and
parameters and rendered when shown; mails are written in the RECIPIENT's language, never the
actor's; rows written before kinds existed show their stored text."""

import email
import email.policy
from pathlib import Path

from flask_babel import force_locale

from llp_gov.extensions import db
from llp_gov.notifications import services
from llp_gov.notifications.models import Notification
from llp_gov.resolutions import effects, opening  # noqa: F401 (register their kinds)


def _vote_asked(world, *, actor=None):
    member = world.user("member")
    partner = next(p for p in world.partners if p.representative_user_id == member.id)
    partner.name = "株式会社門司港ソフトウェア"
    partner.name_ko = "모지항소프트웨어 주식회사"
    partner.name_en = "Mojiko Software Co., Ltd."
    note = services.notify(
        actor=actor or world.user("chairman"),
        organisation=world.org,
        user=member,
        kind="resolutions.vote_asked",
        params={
            "resolution_id": 1,
            "title": "事務所移転",
            "partner_id": partner.id,
            "partner": partner.name,
        },
        link=f"/o/{world.org.slug}/notifications/",
    )
    db.session.commit()
    return member, note


def _mails(app):
    return [
        email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
        for f in sorted(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))
    ]


def test_created_in_korean_is_read_in_japanese(world, login_as):
    member, note = _vote_asked_ko(world)
    assert note.subject == "의결 요청: 「事務所移転」"  # stored (and mailed) in Korean
    assert "모지항소프트웨어 주식회사" in note.body
    member.locale = "ja"
    db.session.commit()
    page = login_as(member).get(f"/o/{world.org.slug}/notifications/").get_data(as_text=True)
    assert "議決のお願い:「事務所移転」" in page
    assert "期限までに株式会社門司港ソフトウェアとして議決権を行使してください。" in page
    assert "의결" not in page and "모지항" not in page


def test_read_in_english_names_the_partner_in_english(world):
    member, note = _vote_asked_ko(world)
    with force_locale("en"):
        subject, body = services.shown(note)
    assert subject == "Your vote is asked: “事務所移転”"
    assert body == "Vote for Mojiko Software Co., Ltd. before the deadline."


def _vote_asked_ko(world):
    world.user("member").locale = "ko"
    return _vote_asked(world)


def test_a_row_without_kind_shows_its_stored_text(world, login_as):
    member = world.user("member")
    member.locale = "ja"
    db.session.add(
        Notification(
            organisation_id=world.org.id, user_id=member.id, subject="옛 알림", body="본문"
        )
    )
    db.session.commit()
    page = login_as(member).get(f"/o/{world.org.slug}/notifications/").get_data(as_text=True)
    assert "옛 알림" in page and "본문" in page


def test_parameters_a_renderer_cannot_read_fall_back_to_the_stored_text(world):
    note = Notification(
        organisation_id=world.org.id,
        user_id=world.user("member").id,
        subject="stored",
        body="text",
        kind="resolutions.vote_asked",
        params={"title": "no partner"},
    )
    with force_locale("ja"):
        assert services.shown(note) == ("stored", "text")


def test_mail_to_a_japanese_recipient_from_a_korean_actor_is_japanese(app, world):
    chairman = world.user("chairman")
    chairman.locale = "ko"
    world.user("member").locale = "ja"
    with force_locale("ko"):  # the actor's request is in Korean
        _vote_asked(world, actor=chairman)
    [msg] = _mails(app)
    assert msg["Subject"] == "議決のお願い:「事務所移転」"
    assert (
        "期限までに株式会社門司港ソフトウェアとして議決権を行使してください。" in msg.get_content()
    )


def test_expulsion_notice_is_read_with_the_readers_names_and_date_format(world):
    member = world.user("member")
    member.locale = "ko"
    partner = next(p for p in world.partners if p.representative_user_id == member.id)
    partner.name, partner.name_ko = "株式会社門司港ソフトウェア", "모지항소프트웨어 주식회사"
    note = services.notify(
        actor=world.user("chairman"),
        organisation=world.org,
        user=member,
        kind="resolutions.expelled",
        params={
            "organisation_id": world.org.id,
            "organisation": world.org.name,
            "resolution_id": 7,
            "title": "除名",
            "partner_id": partner.id,
            "partner": partner.name,
            "date": "2026-12-07",
        },
    )
    db.session.commit()
    assert "모지항소프트웨어 주식회사" in note.body and "2026. 12. 7." in note.body
    with force_locale("ja"):
        _subject, body = services.shown(note)
    assert "株式会社門司港ソフトウェア" in body and "2026/12/07" in body
