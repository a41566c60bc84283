"""Invoices API: POST /orgs/<slug>/invoices (issue), GET (list); partners' registrations and the
all-partners notice."""

from flask import g
from flask.views import MethodView

from llp_gov.api import make_blueprint, perform, token_required
from llp_gov.invoices import corrections, services
from llp_gov.invoices.schemas import (
    CancellationSchema,
    CorrectionSchema,
    InvoiceSchema,
    NoticeSchema,
    RegistrationSchema,
)

blp = make_blueprint("invoices_api", __name__, "Qualified invoices (適格請求書)")


@blp.route("/orgs/<slug>/invoices")
class Invoices(MethodView):
    decorators = [token_required]
    permissions = {"GET": "ledger:read", "POST": "ledger:post"}

    @blp.response(200, InvoiceSchema(many=True))
    def get(self, slug):
        """The organisation's invoices, newest first."""
        return services.list_invoices(actor=g.api_user, organisation=g.org)

    @blp.arguments(InvoiceSchema)
    @blp.response(201, InvoiceSchema)
    def post(self, data, slug):
        """Issue a qualified invoice (refused while a partner is not a registered issuer or the
        all-partners notice is not filed: 422 naming them)."""
        return perform(services.issue_invoice, **data)


@blp.route("/orgs/<slug>/invoices/<int:invoice_id>/correction")
class Correction(MethodView):
    decorators = [token_required]
    permissions = {"POST": "ledger:post"}

    @blp.arguments(CorrectionSchema)
    @blp.response(201, InvoiceSchema)
    def post(self, data, slug, invoice_id):
        """Issue the corrected invoice (修正インボイス) of an issued invoice: the original is kept,
        marked corrected, its journal entry reversed (409 when already corrected or cancelled)."""
        return perform(corrections.correct_invoice, invoice_id=invoice_id, **data)


@blp.route("/orgs/<slug>/invoices/<int:invoice_id>/cancellation")
class Cancellation(MethodView):
    decorators = [token_required]
    permissions = {"POST": "ledger:post"}

    @blp.arguments(CancellationSchema)
    @blp.response(200, InvoiceSchema)
    def post(self, data, slug, invoice_id):
        """Cancel an invoice issued in error: marked cancelled, journal entry reversed."""
        return perform(corrections.cancel_invoice, invoice_id=invoice_id, **data)


@blp.route("/orgs/<slug>/invoice-registrations")
class Registrations(MethodView):
    decorators = [token_required]
    permissions = {"POST": "ledger:post"}

    @blp.arguments(RegistrationSchema)
    @blp.response(201, RegistrationSchema)
    def post(self, data, slug):
        """Record a partner's qualified-invoice issuer registration."""
        return perform(services.register_partner, **data)


@blp.route("/orgs/<slug>/invoice-notice")
class Notice(MethodView):
    decorators = [token_required]
    permissions = {"PUT": "ledger:post"}

    @blp.arguments(NoticeSchema)
    @blp.response(200, NoticeSchema)
    def put(self, data, slug):
        """Record the filing date of the notice that all partners are registered issuers."""
        return perform(services.record_notice, **data)
