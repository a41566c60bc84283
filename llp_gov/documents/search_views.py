"""The search page and its results CSV (blueprint "search": /o/<slug>/search).

Registered by llp_gov.documents.init_app; the page's template stays templates/search/."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from llp_gov import exports, legaltime
from llp_gov.counterparties.services import list_counterparties
from llp_gov.documents import search_service as service
from llp_gov.documents.forms import TYPE_LABELS
from llp_gov.web import org_context

bp = Blueprint("search", __name__)


@bp.get("/o/<slug>/search")
@login_required
def index(slug: str):
    """The search page: the form, one page of results, errors (422) for bad filter values."""
    org = org_context(slug, "search:read")
    filters, sort, page, errors = service.read_filters(request.args)
    results, rows = None, []
    if not errors:
        results, rows = service.search_documents(
            actor=current_user, organisation=org, filters=filters, sort=sort, page=page
        )
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "search/index.html",
        org=org,
        args=request.args,
        page_args=args,
        errors=errors,
        results=results,
        rows=rows,
        sort=sort,
        type_labels=TYPE_LABELS,
        counterparties=list_counterparties(actor=current_user, organisation=org),
    ), (422 if errors else 200)


@bp.get("/o/<slug>/search/export.csv")
@login_required
def export(slug: str):
    """Every result of the query as CSV (UTF-8 with BOM, headers in the user's language)."""
    org = org_context(slug, "search:read")
    filters, sort, _page = service.parse_filters(request.args)
    rows = service.export_rows(actor=current_user, organisation=org, filters=filters, sort=sort)
    return exports.csv_download(
        service.csv_columns(),
        rows,
        f"search-{org.slug}.csv",
        tz=legaltime.legal_timezone(org),
    )
