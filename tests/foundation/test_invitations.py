"""Adding an existing user of another organisation invites them (issue 13, item 4): until they
accept, the organisation learns neither that the account exists nor its name."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from llp_gov.auth import policy
from llp_gov.extensions import db
from tests.conftest import login


def _add(client, world, address, name=""):
    return client.post(
        f"/o/{world.org.slug}/users",
        data={"email": address, "name": name, "role": "observer", "partner_id": ""},
    )


def _mails(app):
    out = []
    for path in sorted(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml")):
        out.append(email.message_from_bytes(path.read_bytes(), policy=email.policy.default))
    return out


def test_an_account_of_another_organisation_is_invited_not_added(app, client, world, login_as):
    outsider = world.other_users["member"]
    outsider.name = "秘密 の 名前"
    db.session.commit()
    login_as(world.user("admin"))
    existing = _add(client, world, outsider.email)
    fresh = _add(client, world, "new.person@example.org", name="New")
    assert existing.status_code == fresh.status_code == 302
    page = client.get(f"/o/{world.org.slug}/users").get_data(as_text=True)
    assert outsider.email not in page and "秘密" not in page
    assert "new.person@example.org" in page
    assert policy.membership_of(outsider, world.org) is None

    [invitation] = [m for m in _mails(app) if m["To"] == outsider.email]
    link = re.search(r"http://[^\s]+/invitations/[\w-]+", invitation.get_content()).group(0)
    path = link.split("localhost", 1)[-1]

    other = app.test_client()
    login(other, world.user("member"))  # someone else cannot use the link
    assert other.get(path).status_code == 404

    invited = app.test_client()
    login(invited, outsider)
    assert invited.get(path).status_code == 200
    resp = invited.post(path)
    assert resp.status_code == 302
    db.session.expire_all()
    assert policy.membership_of(outsider, world.org).role == "observer"
    assert invited.post(path).status_code == 404  # used once


def test_the_invitation_is_mailed_in_the_invited_accounts_language(app, client, world, login_as):
    # A Korean-speaking administrator invites an account that reads Japanese (issue 14).
    admin, outsider = world.user("admin"), world.other_users["member"]
    admin.locale, outsider.locale = "ko", "ja"
    db.session.commit()
    login_as(admin)
    assert _add(client, world, outsider.email).status_code == 302
    [invitation] = [m for m in _mails(app) if m["To"] == outsider.email]
    assert invitation["Subject"] == f"{world.org.display_name('ja')} への招待"
    assert "招待" in invitation.get_content() and "초대" not in invitation.get_content()
