"""Partners API: GET, POST /orgs/<slug>/partners; GET, PATCH /orgs/<slug>/partners/<id>."""

from flask import g
from flask.views import MethodView
from flask_babel import gettext as _

from llp_gov.api import make_blueprint, perform, token_required
from llp_gov.errors import ValidationError
from llp_gov.partners import services
from llp_gov.partners.schemas import PartnerPatchSchema, PartnerQuerySchema, PartnerSchema

blp = make_blueprint("partners_api", __name__, "The partner register")


@blp.route("/orgs/<slug>/partners")
class Partners(MethodView):
    decorators = [token_required]
    permissions = {"GET": "partner:read", "POST": "partner:create"}

    @blp.arguments(PartnerQuerySchema, location="query")
    @blp.response(200, PartnerSchema(many=True))
    def get(self, query, slug):
        """List partners in register order."""
        org = g.org
        return services.list_partners(actor=g.api_user, organisation=org, **query)

    @blp.arguments(PartnerSchema)
    @blp.response(201, PartnerSchema)
    def post(self, data, slug):
        """Add a partner to the register."""
        return perform(services.create_partner, **data)


@blp.route("/orgs/<slug>/partners/<int:partner_id>")
class PartnerItem(MethodView):
    decorators = [token_required]
    permissions = {"GET": "partner:read", "PATCH": "partner:update"}

    @blp.response(200, PartnerSchema)
    def get(self, slug, partner_id):
        """One partner."""
        org = g.org
        return services.get_partner(actor=g.api_user, organisation=org, partner_id=partner_id)

    @blp.arguments(PartnerPatchSchema(partial=True))
    @blp.response(200, PartnerSchema)
    def patch(self, data, slug, partner_id):
        """Change a partner's details."""
        partner = services.get_partner(actor=g.api_user, organisation=g.org, partner_id=partner_id)
        if not data:
            raise ValidationError(_("Nothing to change."))
        perform(services.update_partner, partner=partner, **data)
        return partner
