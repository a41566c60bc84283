"""Board portal pages on the partners' resolutions: resolutions decided in writing, proxy votes,
minutes (the board section of a resolution's page is templates/board/_resolution.html)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from llp_gov import exports
from llp_gov.board import minutes, proxies
from llp_gov.board.forms import ProxyVoteForm, WrittenResolutionForm
from llp_gov.db import db, get_in_org, utcnow
from llp_gov.documents import storage
from llp_gov.documents.models import Document
from llp_gov.resolutions import rules
from llp_gov.resolutions import services as resolutions
from llp_gov.resolutions.models import Resolution
from llp_gov.web import org_context, register_nav, submit_form

bp = Blueprint("board", __name__)

STATUS_LABELS = {"open": _l("Open"), "adopted": _l("Adopted"), "rejected": _l("Not adopted")}


def init_nav() -> None:
    register_nav("board.index", _l("Board portal"), "resolution:read", order=36)


def _detail(slug: str, rid: int) -> str:
    return url_for("resolutions.detail", slug=slug, resolution_id=rid)


@bp.route("/o/<slug>/board/", methods=["GET", "POST"])
@login_required
def index(slug: str):
    """Minutes not yet signed, resolutions decided in writing, and (chairman) the form that
    opens a resolution in writing."""
    org = org_context(slug, "resolution:read")
    form = WrittenResolutionForm()
    if request.method == "POST":
        org_context(slug, "resolution:open")
        done = submit_form(
            form,
            lambda: resolutions.open_resolution(
                actor=current_user,
                organisation=org,
                matter=form.matter.data,
                title=form.title.data,
                text=form.text.data or "",
                amount=form.amount.data,
                deadline=utcnow() + dt.timedelta(days=form.days.data or 0),
                in_writing=True,
            ),
            success=_("The written resolution was sent to every partner's representative."),
            next_url=lambda r: _detail(slug, r.id),
        )
        if done is not None:
            return done
    written = db.session.scalars(
        select(Resolution)
        .where(Resolution.organisation_id == org.id, Resolution.rule_basis == "in_writing")
        .order_by(Resolution.opened_at.desc(), Resolution.id.desc())
        .limit(100)
    )
    return render_template(
        "board/index.html",
        org=org,
        form=form,
        written=list(written),
        unsigned=minutes.unsigned_minutes(actor=current_user, organisation=org),
        status_labels=STATUS_LABELS,
        matters=rules.MATTERS,
    ), (422 if form.errors else 200)


@bp.post("/o/<slug>/board/<int:rid>/proxy")
@login_required
def proxy(slug: str, rid: int):
    org = org_context(slug, "resolution:open")
    resolution = resolutions.get_resolution(actor=current_user, organisation=org, resolution_id=rid)
    form = ProxyVoteForm()
    upload = form.file.data
    done = submit_form(
        form,
        lambda: proxies.record_proxy_vote(
            actor=current_user,
            organisation=org,
            resolution=resolution,
            partner_id=form.partner_id.data,
            vote=form.vote.data,
            proxy_name=form.proxy_name.data or "",
            data=upload.read() if upload else b"",
            filename=(upload.filename or "") if upload else "",
        ),
        success=_("The proxy's vote was recorded with the proxy document."),
        next_url=_detail(slug, rid),
    )
    if done is not None:
        return done
    messages = [str(e) for errs in form.errors.values() for e in errs]
    return render_template("errors/error.html", status=422, message=" ".join(messages)), 422


@bp.post("/o/<slug>/board/<int:rid>/minutes/sign")
@login_required
def sign_minutes(slug: str, rid: int):
    org = org_context(slug, "resolution:open")
    resolution = resolutions.get_resolution(actor=current_user, organisation=org, resolution_id=rid)
    return submit_form(
        FlaskForm(),
        lambda: minutes.sign_minutes(actor=current_user, organisation=org, resolution=resolution),
        success=_("The minutes were signed."),
        next_url=_detail(slug, rid),
        validate=False,
    )


@bp.get("/o/<slug>/board/<int:rid>/minutes.pdf")
@login_required
def minutes_pdf(slug: str, rid: int):
    """The minutes: once signed, the signed copy (the stored document's latest version, served
    here to every reader of the resolution, whatever their document scope); before, the draft
    (unsigned PDF/A)."""
    org = org_context(slug, "resolution:read")
    resolution = resolutions.get_resolution(actor=current_user, organisation=org, resolution_id=rid)
    signed = minutes.minutes_of(resolution)
    if signed is not None:
        doc = get_in_org(Document, signed.document_id, org)
        data = storage.read(doc.versions[-1].sha256)
        return exports.download(data, f"minutes-{rid}-signed.pdf", "application/pdf")
    data = minutes.render_minutes(org, resolution)
    return exports.download(data, f"minutes-{rid}-draft.pdf", "application/pdf")
