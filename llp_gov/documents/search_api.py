"""Search API: GET /orgs/<slug>/search (blueprint "search_api", registered by
llp_gov.documents.init_app)."""

from __future__ import annotations

import marshmallow as ma
from flask import g, request
from flask.views import MethodView

from llp_gov.api import make_blueprint, token_required
from llp_gov.documents import search_service as services

blp = make_blueprint("search_api", __name__, "Full-text and key search over documents")


class SearchArgs(ma.Schema):
    """The query string: the page's filters, sort and page (see search_service.parse_filters)."""

    q = ma.fields.String()
    counterparty = ma.fields.Integer()
    type = ma.fields.String()
    tags = ma.fields.String()
    date_from = ma.fields.Date()
    date_to = ma.fields.Date()
    amount_min = ma.fields.Integer()
    amount_max = ma.fields.Integer()
    sort = ma.fields.String()
    page = ma.fields.Integer()


class ResultSchema(ma.Schema):
    """One hit: the document's id and title, its score and the snippet with matches marked."""

    document_id = ma.fields.Integer()
    title = ma.fields.String()
    snippet = ma.fields.String()
    score = ma.fields.Float()


class SearchResponse(ma.Schema):
    """One page of results with the total (estimated or exact) and the page count."""

    total = ma.fields.Integer()
    estimated = ma.fields.Boolean(
        metadata={"description": "true when the total is extrapolated from the best candidates"}
    )
    page = ma.fields.Integer()
    pages = ma.fields.Integer()
    results = ma.fields.List(ma.fields.Nested(ResultSchema))


@blp.route("/orgs/<slug>/search")
class Search(MethodView):
    """GET /api/v1/orgs/<slug>/search: one page of the documents the token's user may read."""

    decorators = [token_required]
    permissions = {"GET": "search:read"}

    @blp.arguments(SearchArgs, location="query")
    @blp.response(200, SearchResponse)
    def get(self, _args, slug):
        """Search the documents the caller may read (words, counterparty, type, date and amount ranges)."""
        filters, sort, page = services.parse_filters(request.args)
        results, rows = services.search_documents(
            actor=g.api_user, organisation=g.org, filters=filters, sort=sort, page=page
        )
        return {
            "total": results.total,
            "estimated": results.estimated,
            "page": results.page,
            "pages": results.pages,
            "results": [
                {
                    "document_id": r.document.id,
                    "title": r.document.title,
                    "snippet": str(r.snippet),
                    "score": r.score,
                }
                for r in rows
            ],
        }
