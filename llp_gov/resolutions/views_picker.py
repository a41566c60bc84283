"""The resolution form's document picker (JSON): attachments are found by title page by page,
as on the project form, instead of a list of every document (issue 14)."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user, login_required

from llp_gov.documents import picker
from llp_gov.pagination import page_arg
from llp_gov.resolutions.views import bp
from llp_gov.web import org_context


@bp.get("/o/<slug>/resolutions/document-picker")
@login_required
def document_picker(slug: str):
    """One page of the documents the user may read, newest first, whose title contains `q`
    (any case); `page` from 1 (documents.picker.picker_page's JSON)."""
    org = org_context(slug, "resolution:open")
    return jsonify(
        picker.picker_page(
            actor=current_user,
            organisation=org,
            query=request.args.get("q", ""),
            page=page_arg(),
        )
    )
