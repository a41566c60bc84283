"""Document file routes: the stored bytes, the searchable PDF made by OCR, the first-page preview."""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user, login_required

from llp_gov import exports
from llp_gov.documents import detect, encodings, previews, services, storage
from llp_gov.documents.views import bp
from llp_gov.errors import NotFound
from llp_gov.extensions import db
from llp_gov.orgs.models import Organisation
from llp_gov.web import org_context


@bp.get("/o/<slug>/documents/<int:document_id>/versions/<int:number>/file")
@login_required
def download(slug: str, document_id: int, number: int):
    org = org_context(slug, "document:read")
    version = services.get_version(
        actor=current_user, organisation=org, document_id=document_id, number=number
    )
    return file_response(version, inline=request.args.get("inline") == "1")


@bp.get("/o/<slug>/documents/<int:document_id>/versions/<int:number>/ocr.pdf")
@login_required
def download_ocr(slug: str, document_id: int, number: int):
    """The searchable PDF made by OCR (the original stays as it was uploaded)."""
    org = org_context(slug, "document:read")
    version = services.get_version(
        actor=current_user, organisation=org, document_id=document_id, number=number
    )
    if not version.ocr_sha256:
        raise NotFound()
    stem = version.filename.rsplit(".", 1)[0]
    resp = exports.download(
        storage.read(version.ocr_sha256),
        f"{stem}-ocr.pdf",
        detect.PDF,
        inline=request.args.get("inline") == "1",
    )
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


@bp.get("/o/<slug>/documents/<int:document_id>/versions/<int:number>/preview.png")
@login_required
def preview(slug: str, document_id: int, number: int):
    """The first page as a PNG (cached), or 404 when the file type has no preview."""
    org = org_context(slug, "document:read")
    version = services.get_version(
        actor=current_user, organisation=org, document_id=document_id, number=number
    )
    png = previews.preview_for(version)
    if png is None:
        raise NotFound()
    resp = current_app.response_class(png, mimetype="image/png")
    resp.headers["Cache-Control"] = "private, max-age=3600"
    return resp


# HTTP charset names of the codecs encodings.guess chooses.
_CHARSETS = {
    "utf_8": "utf-8",
    "utf_8_sig": "utf-8",
    "utf_16": "utf-16",
    "cp932": "shift_jis",
    "euc_jp": "euc-jp",
    "iso2022_jp": "iso-2022-jp",
    "cp949": "euc-kr",
}


def file_response(version, *, inline: bool):
    """The stored bytes (exports.download: RFC 5987 name with a non-empty ASCII fallback)."""
    data = storage.read(version.sha256)
    mimetype = version.mime_type
    if mimetype == detect.TEXT:
        organisation = db.session.get(Organisation, version.document.organisation_id)
        languages: tuple[str, ...] = services._languages_of(organisation)
        codec = encodings.guess(data, languages).codec or "utf_8"
        mimetype = f"text/plain; charset={_CHARSETS.get(codec, 'utf-8')}"
    resp = exports.download(data, version.filename, mimetype, inline=inline)
    resp.headers["Content-Type"] = mimetype
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Cache-Control"] = "private, no-store"
    return resp
