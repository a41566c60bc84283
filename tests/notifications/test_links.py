"""Links in notifications and their mails: full addresses without a request (SERVER_NAME), and
opening a notification from the list."""

import email
import email.policy
from pathlib import Path

import pytest
from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.extensions import db
from llp_gov.notifications import services
from llp_gov.notifications.models import Notification


def _mail_bodies(app) -> list[str]:
    files = sorted(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))
    return [
        email.message_from_bytes(f.read_bytes(), policy=email.policy.default).get_content()
        for f in files
    ]


def _notify(world, link):
    note = services.notify(
        actor=None,
        organisation=world.org,
        user=world.user("member"),
        message=lambda: (_("Approved"), "body"),
        link=link,
    )
    db.session.commit()
    return note


class TestWithServerName:
    @pytest.fixture
    def app_config(self):
        # LLP_GOV_SERVER_NAME and LLP_GOV_PREFERRED_URL_SCHEME in production.
        return {"SERVER_NAME": "llp.example.org", "PREFERRED_URL_SCHEME": "https"}

    def test_a_job_mails_the_full_address_from_server_name(self, app, world):
        # The scheduler notifies outside any request: the address comes from the configuration.
        link = services.path_for("notifications.index", slug=world.org.slug)
        note = _notify(world, link)
        assert note.link == f"/o/{world.org.slug}/notifications/"
        [body] = _mail_bodies(app)
        assert f"https://llp.example.org/o/{world.org.slug}/notifications/" in body

    def test_pages_still_answer_on_another_host_name(self, client):
        # SERVER_NAME names the address for mails; it does not turn other host names away
        # (Flask 3.1), so a health check or a second name behind the proxy keeps working.
        response = client.get("/login", base_url="http://127.0.0.1:5000")
        assert response.status_code == 200


def test_without_server_name_a_job_still_builds_the_path_and_mails(app, world):
    assert not app.config.get("SERVER_NAME")
    link = services.path_for("notifications.index", slug=world.org.slug)
    assert link == f"/o/{world.org.slug}/notifications/"
    _notify(world, link)
    [body] = _mail_bodies(app)
    assert body.rstrip().endswith(link)
    assert "localhost" not in body


def test_in_a_request_the_mail_uses_the_requests_host(app, world):
    with app.test_request_context("/", base_url="https://gov.klic.test"):
        _notify(world, services.path_for("notifications.index", slug=world.org.slug))
    [body] = _mail_bodies(app)
    assert f"https://gov.klic.test/o/{world.org.slug}/notifications/" in body


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, world, login_as):
    note = _notify(world, f"/o/{world.org.slug}/notifications/")
    login_as(world.user("member"))
    response = client.post(f"/o/{world.org.slug}/notifications/{note.id}/read")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/o/{world.org.slug}/notifications/"
    db.session.expire_all()
    assert db.session.get(Notification, note.id).read_at is not None


def test_a_link_off_the_site_is_not_followed(client, world, login_as):
    note = _notify(world, "https://evil.example/")
    login_as(world.user("member"))
    response = client.post(f"/o/{world.org.slug}/notifications/{note.id}/read")
    assert response.headers["Location"] == f"/o/{world.org.slug}/notifications/"


def test_another_users_notification_is_not_found_and_stays_unread(client, world, login_as):
    note = _notify(world, None)
    login_as(world.user("accountant"))
    assert client.post(f"/o/{world.org.slug}/notifications/{note.id}/read").status_code == 404
    db.session.expire_all()
    assert db.session.scalar(select(Notification.read_at).where(Notification.id == note.id)) is None
