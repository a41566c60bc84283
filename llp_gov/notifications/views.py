"""The user's notifications in an organisation."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from llp_gov.notifications import services
from llp_gov.notifications.models import Notification
from llp_gov.web import (
    is_safe_next,
    org_context,
    register_dashboard_panel,
    register_nav,
    submit_form,
)

bp = Blueprint("notifications", __name__)


def init_nav() -> None:
    register_nav("notifications.index", _l("Notifications"), "org:read", order=80)
    register_dashboard_panel(unread_panel)


def unread_panel(org, user):
    count = services.unread_count(actor=user, organisation=org)
    if not count:
        return None
    return render_template("notifications/_panel.html", org=org, count=count)


@bp.get("/o/<slug>/notifications/")
@login_required
def index(slug: str):
    org = org_context(slug, "org:read")
    items = services.list_for(actor=current_user, organisation=org)
    # Each in the reader's current language (issue 14), not the one it was created in.
    shown = [(note, *services.shown(note)) for note in items]
    return render_template("notifications/index.html", org=org, notifications=shown)


@bp.post("/o/<slug>/notifications/<int:notification_id>/read")
@login_required
def read(slug: str, notification_id: int):
    org = org_context(slug, "org:read")
    back = url_for("notifications.index", slug=slug)

    def target(note: Notification) -> str:
        # Opening a notification marks it read and follows its link (a page of this site only).
        return note.link if note.link and is_safe_next(note.link) else back

    return submit_form(
        FlaskForm(),
        lambda: services.mark_read(
            actor=current_user, organisation=org, notification_id=notification_id
        ),
        next_url=target,
    ) or redirect(back)
