"""The counterparty directory pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from llp_gov.counterparties import services
from llp_gov.counterparties.forms import CounterpartyForm
from llp_gov.web import org_context, register_nav, submit_form

bp = Blueprint("counterparties", __name__)


def init_nav() -> None:
    register_nav("counterparties.index", _l("Counterparties"), "counterparty:read", order=15)


@bp.get("/o/<slug>/counterparties/")
@login_required
def index(slug: str):
    org = org_context(slug, "counterparty:read")
    q = (request.args.get("q") or "").strip() or None
    items = services.list_counterparties(actor=current_user, organisation=org, q=q)
    return render_template("counterparties/index.html", org=org, counterparties=items, q=q or "")


@bp.route("/o/<slug>/counterparties/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    org = org_context(slug, "counterparty:create")
    form = CounterpartyForm()
    done = submit_form(
        form,
        lambda: services.create_counterparty(
            actor=current_user, organisation=org, **{f: form[f].data for f in services.FIELDS}
        ),
        success=_("The counterparty was saved."),
        next_url=url_for("counterparties.index", slug=slug),
    )
    return done or render_template(
        "counterparties/form.html", org=org, form=form, counterparty=None
    )


@bp.route("/o/<slug>/counterparties/<int:counterparty_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, counterparty_id: int):
    org = org_context(slug, "counterparty:update")
    cp = services.get_counterparty(
        actor=current_user, organisation=org, counterparty_id=counterparty_id
    )
    form = CounterpartyForm(obj=cp)
    done = submit_form(
        form,
        lambda: services.update_counterparty(
            actor=current_user,
            organisation=org,
            counterparty=cp,
            **{f: form[f].data for f in services.FIELDS},
        ),
        success=_("The counterparty was saved."),
        next_url=url_for("counterparties.index", slug=slug),
    )
    return done or render_template("counterparties/form.html", org=org, form=form, counterparty=cp)
