"""The user's notifications in an organisation."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from llp_gov.extensions import db
from llp_gov.notifications import services
from llp_gov.web import is_safe_next, org_context, register_dashboard_panel, register_nav

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
    return render_template("notifications/index.html", org=org, notifications=items)


@bp.post("/o/<slug>/notifications/<int:notification_id>/read")
@login_required
def read(slug: str, notification_id: int):
    org = org_context(slug, "org:read")
    note = services.mark_read(actor=current_user, organisation=org, notification_id=notification_id)
    db.session.commit()
    if note.link and is_safe_next(note.link):
        return redirect(note.link)
    return redirect(url_for("notifications.index", slug=slug))
