"""Board portal pages: written resolutions, convening notices, proxies and minutes."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from llp_gov import exports
from llp_gov.db import db, utcnow
from llp_gov.partners.services import represented_by
from llp_gov.signing import board
from llp_gov.signing.models import Minutes
from llp_gov.web import org_context, register_nav, submit_form

bp = Blueprint("signing", __name__)


def init_nav() -> None:
    register_nav("signing.board_index", _l("Written resolutions"), "resolution:vote", order=46)


def _flash_errors(form) -> None:
    from flask import flash  # noqa: PLC0415

    flash(" ".join(str(e) for errs in form.errors.values() for e in errs), "error")


@bp.route("/o/<slug>/board/", methods=["GET", "POST"])
@login_required
def board_index(slug: str):
    org = org_context(slug, "resolution:vote")
    form = FlaskForm()
    if request.method == "POST":
        org_context(slug, "resolution:open")
        days = request.form.get("days", "14")
        deadline = utcnow() + dt.timedelta(days=int(days) if days.isdigit() else 14)
        done = submit_form(
            form,
            lambda: board.propose(
                actor=current_user,
                organisation=org,
                title=request.form.get("title", ""),
                text=request.form.get("text", ""),
                statute=request.form.get("statute", ""),
                deadline=deadline,
            ),
            success=_("The written resolution was sent to every partner's representative."),
            next_url=lambda r: url_for("signing.board_detail", slug=slug, rid=r.id),
            validate=False,
        )
        if done is not None:
            return done
        _flash_errors(form)
    return render_template(
        "signing/board_index.html",
        org=org,
        resolutions=board.list_open(actor=current_user, organisation=org),
        unsigned=board.unsigned_minutes(actor=current_user, organisation=org),
        form=form,
    )


@bp.get("/o/<slug>/board/<int:rid>")
@login_required
def board_detail(slug: str, rid: int):
    org = org_context(slug, "resolution:vote")
    resolution = board.get(actor=current_user, organisation=org, resolution_id=rid)
    partner = represented_by(org, current_user)
    notices = board.notices(resolution)
    mine = next((n for n in notices if partner and n.partner_id == partner.id), None)
    if mine is not None and mine.opened_at is None:
        # The first view by the representative opens the notice (recorded, then shown).
        return submit_form(
            FlaskForm(),
            lambda: board.mark_opened(actor=current_user, organisation=org, resolution=resolution),
            next_url=request.path,
            validate=False,
        )
    minutes = db.session.scalar(select(Minutes).where(Minutes.resolution_id == resolution.id))
    from llp_gov.partners.models import Partner  # noqa: PLC0415

    partners = {
        p.id: p
        for p in db.session.scalars(select(Partner).where(Partner.organisation_id == org.id))
    }
    return render_template(
        "signing/board_detail.html",
        org=org,
        r=resolution,
        notices=notices,
        answers=board.consents(resolution),
        partners=partners,
        partner=partner,
        minutes=minutes,
        form=FlaskForm(),
    )


def _back(slug, rid):
    return url_for("signing.board_detail", slug=slug, rid=rid)


@bp.post("/o/<slug>/board/<int:rid>/answer")
@login_required
def board_answer(slug: str, rid: int):
    org = org_context(slug, "resolution:vote")
    resolution = board.get(actor=current_user, organisation=org, resolution_id=rid)
    form = FlaskForm()
    return submit_form(
        form,
        lambda: board.answer(
            actor=current_user,
            organisation=org,
            resolution=resolution,
            consent=request.form.get("consent") == "1",
        ),
        success=_("Your answer was recorded."),
        next_url=_back(slug, rid),
        validate=False,
    ) or abort(400)


@bp.post("/o/<slug>/board/<int:rid>/proxy")
@login_required
def board_proxy(slug: str, rid: int):
    org = org_context(slug, "resolution:open")
    resolution = board.get(actor=current_user, organisation=org, resolution_id=rid)
    upload = request.files.get("file")
    pid = request.form.get("partner_id", "")
    form = FlaskForm()
    done = submit_form(
        form,
        lambda: board.record_proxy(
            actor=current_user,
            organisation=org,
            resolution=resolution,
            partner_id=int(pid) if pid.isdigit() else None,
            consent=request.form.get("consent") == "1",
            proxy_name=request.form.get("proxy_name", ""),
            data=upload.read() if upload else b"",
            filename=(upload.filename or "") if upload else "",
        ),
        success=_("The proxy's answer was recorded with the proxy document."),
        next_url=_back(slug, rid),
        validate=False,
    )
    if done is None:
        _flash_errors(form)
        from flask import redirect  # noqa: PLC0415

        return redirect(_back(slug, rid))
    return done


@bp.post("/o/<slug>/board/minutes/<int:mid>/sign")
@login_required
def minutes_sign(slug: str, mid: int):
    org = org_context(slug, "resolution:open")
    minutes = db.session.get(Minutes, mid)
    if minutes is None or minutes.organisation_id != org.id:
        abort(404)
    return submit_form(
        FlaskForm(),
        lambda: board.sign_minutes(actor=current_user, organisation=org, minutes=minutes),
        success=_("The minutes were signed."),
        next_url=_back(slug, minutes.resolution_id),
        validate=False,
    ) or abort(400)


@bp.get("/o/<slug>/board/<int:rid>/minutes.pdf")
@login_required
def minutes_pdf(slug: str, rid: int):
    org = org_context(slug, "resolution:vote")
    resolution = board.get(actor=current_user, organisation=org, resolution_id=rid)
    data = board.render_minutes(org, resolution)
    return exports.download(data, f"minutes-{rid}.pdf", "application/pdf")
