"""Counterparties API: GET, POST /orgs/<slug>/counterparties."""

import marshmallow as ma
from flask import g
from flask.views import MethodView

from llp_gov.api import NON_BLANK, make_blueprint, perform, token_required
from llp_gov.counterparties import services

blp = make_blueprint("counterparties_api", __name__, "The counterparty directory")


class CounterpartySchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    name = ma.fields.String(required=True, metadata=NON_BLANK)
    name_kana = ma.fields.String(allow_none=True)
    name_en = ma.fields.String(allow_none=True)
    name_ko = ma.fields.String(allow_none=True)
    address = ma.fields.String(allow_none=True)
    country = ma.fields.String(load_default="JP")
    corporate_number = ma.fields.String(allow_none=True)
    kr_business_number = ma.fields.String(allow_none=True)
    invoice_number = ma.fields.String(allow_none=True)


class CounterpartyQuery(ma.Schema):
    q = ma.fields.String()


@blp.route("/orgs/<slug>/counterparties")
class Counterparties(MethodView):
    decorators = [token_required]
    permissions = {"GET": "counterparty:read", "POST": "counterparty:create"}

    @blp.arguments(CounterpartyQuery, location="query")
    @blp.response(200, CounterpartySchema(many=True))
    def get(self, query, slug):
        """List the directory, optionally filtered by a name fragment."""
        org = g.org
        return services.list_counterparties(actor=g.api_user, organisation=org, q=query.get("q"))

    @blp.arguments(CounterpartySchema)
    @blp.response(201, CounterpartySchema)
    def post(self, data, slug):
        """Add a counterparty."""
        return perform(services.create_counterparty, **data)
