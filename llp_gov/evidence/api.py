"""Evidence API: GET /orgs/<slug>/evidence/<event_id> (the certificate as JSON)."""

from __future__ import annotations

from flask import g
from flask.views import MethodView

from llp_gov.api import make_blueprint, token_required
from llp_gov.evidence import services

blp = make_blueprint("evidence_api", __name__, "Certificates of evidence")


@blp.route("/orgs/<slug>/evidence/<int:event_id>")
class Evidence(MethodView):
    decorators = [token_required]
    permissions = {"GET": "contract:read"}

    @blp.response(200)
    def get(self, slug, event_id):
        """The certificate of evidence of an approval, vote or signature: who (name, role,
        partner), when (UTC and Japan time), how they signed in, IP address and user agent, the
        document's SHA-256, the audit event's hash and chain position, and the verify URL.
        Chairman and admin (audit:read) and the actor themself."""
        return services.certificate(actor=g.api_user, organisation=g.org, event_id=event_id)
