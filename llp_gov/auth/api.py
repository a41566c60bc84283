"""GET /api/v1/me: who the token belongs to and their organisations and roles."""

import marshmallow as ma
from flask import g
from flask.views import MethodView

from llp_gov import access
from llp_gov.api import make_blueprint, token_required
from llp_gov.auth import policy

blp = make_blueprint("me_api", __name__, "The token's user")


class OrgRoleSchema(ma.Schema):
    slug = ma.fields.String()
    name = ma.fields.String()
    role = ma.fields.String()
    partner_id = ma.fields.Integer(allow_none=True)


class MeSchema(ma.Schema):
    id = ma.fields.Integer()
    email = ma.fields.String()
    name = ma.fields.String()
    locale = ma.fields.String(allow_none=True)
    timezone = ma.fields.String()
    organisations = ma.fields.List(ma.fields.Nested(OrgRoleSchema))


@blp.route("/me")
class Me(MethodView):
    decorators = [token_required]

    @blp.response(200, MeSchema)
    def get(self):
        """The authenticated user."""
        user = g.api_user
        orgs = []
        for org in access.orgs_of(user):
            m = policy.membership_of(user, org)
            orgs.append(
                {"slug": org.slug, "name": org.name, "role": m.role, "partner_id": m.partner_id}
            )
        return {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "locale": user.locale,
            "timezone": user.timezone,
            "organisations": orgs,
        }
