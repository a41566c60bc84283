"""Evidence pages: a certificate (HTML and signed PDF) and the public verify page."""

from __future__ import annotations

import hashlib

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField

from llp_gov import exports
from llp_gov.evidence import services
from llp_gov.web import org_context

bp = Blueprint("evidence", __name__)


class VerifyForm(FlaskForm):
    class Meta:
        csrf = False  # a public, read-only check: nothing is changed

    hash = StringField("SHA-256")
    file = FileField()


@bp.get("/o/<slug>/evidence/<int:event_id>")
@login_required
def certificate(slug: str, event_id: int):
    org = org_context(slug, "contract:read")
    cert = services.certificate(actor=current_user, organisation=org, event_id=event_id)
    return render_template("evidence/certificate.html", org=org, cert=cert)


@bp.get("/o/<slug>/evidence/<int:event_id>/pdf")
@login_required
def certificate_pdf(slug: str, event_id: int):
    org = org_context(slug, "contract:read")
    data = services.certificate_pdf(actor=current_user, organisation=org, event_id=event_id)
    return exports.download(data, f"evidence-{org.slug}-{event_id}.pdf", "application/pdf")


@bp.route("/verify", methods=["GET", "POST"])
def verify():
    """Anyone may check a file or a hash; the answer is only whether and when it was recorded."""
    form = VerifyForm(request.form if request.method == "POST" else request.args)
    result = error = None
    value = (form.hash.data or "").strip().lower()
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        value = hashlib.sha256(upload.read()).hexdigest()
    if value and not services.HEX64.match(value):
        error = _("Enter a SHA-256 value: 64 hexadecimal digits.")
    elif value:
        result = services.lookup(value)  # read-only: nothing to commit or roll back
    status = 422 if error else 200
    return render_template("evidence/verify.html", form=form, result=result, error=error), status
