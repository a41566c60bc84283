"""The audit page (chairman and admin) with filters."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel import to_utc
from flask_login import login_required
from sqlalchemy import or_, select

from llp_gov.audit import filters, presentation
from llp_gov.audit.changes import changes_of, read_names, target_name
from llp_gov.audit.forms import AuditFilterForm
from llp_gov.audit.models import AuditEvent
from llp_gov.audit.services import chain_key
from llp_gov.pagination import key_arg, key_text, keyset
from llp_gov.web import org_context, register_nav

bp = Blueprint("audit", __name__)
PAGE = 50  # rows a page: each row renders words, links and a diff (CPU per request)


def init_nav() -> None:
    register_nav("audit.index", _l("Audit trail"), "audit:read", order=95)


def _utc_bounds(day: dt.date, end: bool) -> dt.datetime:
    """Midnight starting `day` (or the next day, for an end bound) in the user's time zone, as an
    aware UTC datetime (Flask-Babel's to_utc reads the user's zone and returns naive UTC)."""
    local = dt.datetime.combine(day + dt.timedelta(days=1) if end else day, dt.time())
    return to_utc(local).replace(tzinfo=dt.UTC)


@bp.get("/o/<slug>/audit")
@login_required
def index(slug: str):
    org = org_context(slug, "audit:read")
    form = AuditFilterForm(request.args)
    categories: dict[str, list[str]] = {}
    for key, label in presentation.CATEGORIES.items():
        categories.setdefault(str(label), []).append(key)
    form.category.choices = [
        ("", _l("All but notifications")),
        ("all", _l("All")),
        *[(keys[0], label) for label, keys in categories.items()],
    ]
    stmt = select(AuditEvent).where(AuditEvent.chain_key == chain_key(org.id))
    category = request.args.get("category", "")
    if category == "":
        stmt = stmt.where(~AuditEvent.tag.startswith(presentation.NOTIFICATIONS + ":"))
    elif category != "all":
        keys = next((k for k in categories.values() if category in k), [category])
        stmt = stmt.where(or_(*[AuditEvent.tag.startswith(k + ":") for k in keys]))
    form.validate()  # each filter applies unless its own field was refused (shown beside it)
    if form.tag.data and not form.tag.errors:
        stmt = stmt.where(filters.tag_condition(form.tag.data))
    if form.actor.data and form.actor.data.strip() and not form.actor.errors:
        stmt = stmt.where(filters.actor_condition(form.actor.data))
    if not (form.date_from.errors or form.date_to.errors):
        if form.date_from.data:
            stmt = stmt.where(AuditEvent.created_at >= _utc_bounds(form.date_from.data, False))
        if form.date_to.data:
            stmt = stmt.where(AuditEvent.created_at < _utc_bounds(form.date_to.data, True))
    # Keyset paging on the chain's sequence number (unique, indexed with chain_key): a page deep
    # in a trail of millions costs what the first page costs (no OFFSET).
    page = keyset(
        stmt,
        columns=[AuditEvent.seq],
        key_of=lambda e: (e.seq,),
        after=key_arg("after", 1),
        before=key_arg("before", 1),
        per_page=PAGE,
    )
    names = read_names(page.items, org)
    return render_template(
        "audit/index.html",
        org=org,
        form=form,
        events=page,
        key_text=key_text,
        actors=names.users,
        changes=changes_of(page.items, org, names),
        names=names,
        target_name=target_name,
        present=presentation,
    )
