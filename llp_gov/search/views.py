"""The search page and its CSV export."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from llp_gov import exports, legaltime
from llp_gov.errors import ValidationError
from llp_gov.search import services
from llp_gov.search.query import Filters
from llp_gov.web import org_context

bp = Blueprint("search", __name__)


@bp.get("/o/<slug>/search")
@login_required
def index(slug: str):
    org = org_context(slug, "search:read")
    from llp_gov.counterparties.services import list_counterparties
    from llp_gov.documents.forms import TYPE_LABELS

    errors, results, rows = {}, None, []
    try:
        filters, sort, page = services.parse_filters(request.args)
    except ValidationError as exc:
        errors, filters, sort, page = exc.fields, Filters(), "relevance", 1
    if not errors:
        results, rows = services.search_documents(
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
    org = org_context(slug, "search:read")
    filters, sort, _page = services.parse_filters(request.args)
    rows = services.export_rows(actor=current_user, organisation=org, filters=filters, sort=sort)
    return exports.csv_download(
        services.csv_columns(),
        rows,
        f"search-{org.slug}.csv",
        tz=legaltime.legal_timezone(org),
    )
