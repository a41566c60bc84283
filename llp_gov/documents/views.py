"""Document pages: list, upload (plain form or one XHR per file), detail, download, withdraw."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from llp_gov.documents import detect, services, storage
from llp_gov.documents.forms import TYPE_LABELS, UploadForm, VersionForm, WithdrawForm
from llp_gov.errors import DomainError, ValidationError
from llp_gov.extensions import db
from llp_gov.web import form_errors, org_context

bp = Blueprint("documents", __name__)


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _limit_request() -> None:
    # Room for several files in one plain form; each file is checked against the cap itself.
    request.max_content_length = current_app.config["MAX_UPLOAD_BYTES"] * 10 + 1024 * 1024


def _read(storage_file) -> bytes:
    cap = current_app.config["MAX_UPLOAD_BYTES"]
    return storage_file.stream.read(cap + 1)


def _upload_form(org) -> UploadForm:
    from llp_gov.counterparties.services import list_counterparties
    from llp_gov.partners.services import list_partners

    form = UploadForm()
    cps = list_counterparties(actor=current_user, organisation=org)
    form.counterparty_id.choices = [("", "—")] + [(str(c.id), c.display_name()) for c in cps]
    form.restricted_partner_ids.choices = [
        (p.id, p.display_name()) for p in list_partners(actor=current_user, organisation=org)
    ]
    return form


@bp.get("/o/<slug>/documents/")
@login_required
def index(slug: str):
    org = org_context(slug, "document:read")
    docs = services.list_documents(actor=current_user, organisation=org)
    return render_template("documents/index.html", org=org, documents=docs, type_labels=TYPE_LABELS)


@bp.route("/o/<slug>/documents/upload", methods=["GET", "POST"])
@login_required
def upload(slug: str):
    org = org_context(slug, "document:upload")
    if request.method == "POST":
        _limit_request()
    form = _upload_form(org)
    status = 200
    if form.validate_on_submit():
        files = [
            f
            for f in (form.files.data or [])
            if getattr(f, "filename", None) is not None and f.filename != ""
        ]
        try:
            if not files:
                raise ValidationError(files=_("Choose at least one file."))
            created = []
            for f in files:
                name = f.filename
                title = form.title.data or name.rsplit(".", 1)[0]
                if form.title.data and len(files) > 1:
                    title = f"{form.title.data} ({name})"
                created.append(
                    services.create_document(
                        actor=current_user,
                        organisation=org,
                        title=title,
                        doc_type=form.doc_type.data,
                        data=_read(f),
                        filename=name,
                        counterparty_id=int(form.counterparty_id.data)
                        if form.counterparty_id.data
                        else None,
                        counterparty_name=form.counterparty.data or None,
                        transaction_date=form.transaction_date.data,
                        amount=form.amount.data,
                        currency=form.currency.data,
                        amount_jpy=form.amount_jpy.data,
                        tags=form.tags.data or "",
                        restricted_partner_ids=form.restricted_partner_ids.data or (),
                    )
                )
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            status = exc.status if exc.status in (413, 422) else 422
            if _wants_json():
                fields = dict(exc.fields)
                message = exc.message or "; ".join(fields.values())
                return jsonify({"error": {"message": message, "fields": fields}}), status
            if isinstance(exc, ValidationError):
                if "file" in exc.fields:
                    exc.fields["files"] = exc.fields.pop("file")
                form_errors(form, exc)
            else:
                flash(str(exc), "error")
        else:
            if _wants_json():
                doc = created[0]
                return jsonify(
                    {
                        "id": doc.id,
                        "url": url_for("documents.detail", slug=slug, document_id=doc.id),
                    }
                ), 201
            flash(_("%(n)d document(s) uploaded.", n=len(created)), "success")
            if len(created) == 1:
                return redirect(url_for("documents.detail", slug=slug, document_id=created[0].id))
            return redirect(url_for("documents.index", slug=slug))
    elif request.method == "POST":
        status = 422
        if _wants_json():
            fields = {k: v[0] for k, v in form.errors.items()}
            return jsonify(
                {"error": {"message": "; ".join(fields.values()), "fields": fields}}
            ), 422
    return render_template("documents/upload.html", org=org, form=form), status


@bp.get("/o/<slug>/documents/<int:document_id>")
@login_required
def detail(slug: str, document_id: int):
    org = org_context(slug, "document:read")
    doc = services.get_document(actor=current_user, organisation=org, document_id=document_id)
    return render_template(
        "documents/detail.html",
        org=org,
        doc=doc,
        type_labels=TYPE_LABELS,
        version_form=VersionForm(),
        withdraw_form=WithdrawForm(),
    )


@bp.get("/o/<slug>/documents/<int:document_id>/versions/<int:number>/file")
@login_required
def download(slug: str, document_id: int, number: int):
    org = org_context(slug, "document:read")
    version = services.get_version(
        actor=current_user, organisation=org, document_id=document_id, number=number
    )
    return file_response(version, inline=request.args.get("inline") == "1")


def file_response(version, *, inline: bool):
    """The stored bytes with an RFC 5987 filename (werkzeug writes filename*=UTF-8'') and nosniff."""
    data = storage.read(version.sha256)
    mimetype = version.mime_type
    if mimetype == detect.TEXT:
        encoding = detect.text_encoding(data) or "utf_8"
        mimetype = f"text/plain; charset={encoding.replace('_', '-')}"
    resp = send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        as_attachment=not inline,
        download_name=version.filename,
        max_age=0,
    )
    if inline:
        # werkzeug only writes the filename for attachments; give inline views one too.

        resp.headers["Content-Disposition"] = _disposition("inline", version.filename)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


def _disposition(kind: str, filename: str) -> str:
    from urllib.parse import quote

    ascii_name = (
        filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "") or "document"
    )
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


@bp.post("/o/<slug>/documents/<int:document_id>/versions")
@login_required
def add_version(slug: str, document_id: int):
    org = org_context(slug, "document:upload")
    _limit_request()
    doc = services.get_document(actor=current_user, organisation=org, document_id=document_id)
    form = VersionForm()
    files = [f for f in (form.file.data or []) if getattr(f, "filename", "")]
    try:
        if not form.validate_on_submit() or not files:
            raise ValidationError(file=_("Choose at least one file."))
        services.add_version(
            actor=current_user,
            organisation=org,
            document=doc,
            data=_read(files[0]),
            filename=files[0].filename,
        )
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        return render_template(
            "documents/detail.html",
            org=org,
            doc=doc,
            type_labels=TYPE_LABELS,
            version_form=form,
            withdraw_form=WithdrawForm(),
            version_error=str(exc),
        ), (exc.status if exc.status in (409, 413, 422) else 422)
    flash(_("The new version was saved."), "success")
    return redirect(url_for("documents.detail", slug=slug, document_id=doc.id))


@bp.post("/o/<slug>/documents/<int:document_id>/withdraw")
@login_required
def withdraw(slug: str, document_id: int):
    org = org_context(slug, "document:withdraw")
    doc = services.get_document(actor=current_user, organisation=org, document_id=document_id)
    form = WithdrawForm()
    try:
        services.withdraw_document(
            actor=current_user, organisation=org, document=doc, reason=form.reason.data or ""
        )
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        return render_template(
            "documents/detail.html",
            org=org,
            doc=doc,
            type_labels=TYPE_LABELS,
            version_form=VersionForm(),
            withdraw_form=form,
            withdraw_error=str(exc),
        ), (exc.status if exc.status in (409, 422) else 422)
    flash(_("The document was withdrawn. It stays viewable and searchable."), "success")
    return redirect(url_for("documents.detail", slug=slug, document_id=doc.id))
