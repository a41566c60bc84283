"""Contracts API: POST/GET /orgs/<slug>/contracts, GET/PATCH .../contracts/<id>, GET .../pdf, and one
POST endpoint per status change, as on the pages and in the projects API: .../submit, .../approve,
.../send-back, .../signed-copy (multipart, marks the contract signed), .../activate, .../expire,
.../terminate. An impossible change is a 409 whose message says why and the current status."""

from __future__ import annotations

import marshmallow as ma
from flask import g, request
from flask.views import MethodView
from flask_babel import gettext as _

from llp_gov import exports
from llp_gov.api import NON_BLANK, make_blueprint, perform, token_required
from llp_gov.contracts import lifecycle, printing, renewals, services
from llp_gov.contracts.models import DATE_STYLES, LANGUAGES, PARTY_KINDS, TAX_TREATMENTS, TYPES
from llp_gov.contracts.validation import LIMITS, MAX_PARTIES
from llp_gov.errors import ValidationError

# What the services enforce, in the schema: a title, two parties at least.
TITLE = {**NON_BLANK, "maxLength": LIMITS["title"]}
PARTIES = {"minItems": 2, "maxItems": MAX_PARTIES}

blp = make_blueprint("contracts_api", __name__, "Contracts and their PDFs")


class ContractPartySchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(PARTY_KINDS))
    partner_id = ma.fields.Integer(allow_none=True)
    counterparty_id = ma.fields.Integer(allow_none=True)
    representative_title = ma.fields.String(allow_none=True)
    representative_name = ma.fields.String(allow_none=True)


class ContractMilestoneSchema(ma.Schema):
    due_date = ma.fields.Date(required=True)
    # Raw: the service refuses fractions and negatives with its own message.
    amount = ma.fields.Raw(required=True)
    description = ma.fields.String(allow_none=True)


class ContractClauseSchema(ma.Schema):
    title = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), load_default=dict)
    body = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True)


class ContractInSchema(ma.Schema):
    title = ma.fields.String(required=True, metadata=TITLE)
    contract_type = ma.fields.String(required=True, metadata={"enum": list(TYPES)})
    language = ma.fields.String(required=True, metadata={"enum": list(LANGUAGES)})
    date_style = ma.fields.String(load_default="wareki", metadata={"enum": list(DATE_STYLES)})
    currency = ma.fields.String(load_default="JPY")
    amount_excl_tax = ma.fields.Raw(
        allow_none=True, metadata={"description": "integer minor units (yen)"}
    )
    tax_treatment = ma.fields.String(
        load_default="taxable_10", metadata={"enum": list(TAX_TREATMENTS)}
    )
    start_date = ma.fields.Date(allow_none=True)
    end_date = ma.fields.Date(allow_none=True)
    signing_date = ma.fields.Date(allow_none=True)
    governing_law = ma.fields.String(allow_none=True)
    court = ma.fields.String(allow_none=True)
    parties = ma.fields.List(ma.fields.Nested(ContractPartySchema), required=True, metadata=PARTIES)
    clauses = ma.fields.List(ma.fields.Nested(ContractClauseSchema), load_default=list)
    milestones = ma.fields.List(ma.fields.Nested(ContractMilestoneSchema), load_default=list)


class ContractPatchSchema(ma.Schema):
    """Fields to change on a draft; parties, clauses and milestones, when given, replace the old."""

    title = ma.fields.String(metadata=TITLE)
    contract_type = ma.fields.String(metadata={"enum": list(TYPES)})
    language = ma.fields.String(metadata={"enum": list(LANGUAGES)})
    date_style = ma.fields.String(metadata={"enum": list(DATE_STYLES)})
    currency = ma.fields.String()
    amount_excl_tax = ma.fields.Raw(
        allow_none=True, metadata={"description": "integer minor units (yen)"}
    )
    tax_treatment = ma.fields.String(metadata={"enum": list(TAX_TREATMENTS)})
    start_date = ma.fields.Date(allow_none=True)
    end_date = ma.fields.Date(allow_none=True)
    governing_law = ma.fields.String(allow_none=True)
    court = ma.fields.String(allow_none=True)
    parties = ma.fields.List(ma.fields.Nested(ContractPartySchema), metadata=PARTIES)
    clauses = ma.fields.List(ma.fields.Nested(ContractClauseSchema))
    milestones = ma.fields.List(ma.fields.Nested(ContractMilestoneSchema))


class ReasonSchema(ma.Schema):
    reason = ma.fields.String(
        required=True, metadata={**NON_BLANK, "description": "at most 400 characters"}
    )


class SignedCopySchema(ma.Schema):
    signing_date = ma.fields.Date(required=True)


class ContractOutSchema(ma.Schema):
    """The contract as printing.contract_data gives it."""

    id = ma.fields.Integer()
    number = ma.fields.String()
    title = ma.fields.String()
    contract_type = ma.fields.String()
    language = ma.fields.String()
    status = ma.fields.String()
    currency = ma.fields.String()
    amount_excl_tax = ma.fields.Integer(allow_none=True)
    tax_treatment = ma.fields.String()
    tax_rate_percent = ma.fields.Integer()
    tax_amount = ma.fields.Integer(allow_none=True)
    amount_incl_tax = ma.fields.Integer(allow_none=True)
    start_date = ma.fields.String(allow_none=True)
    end_date = ma.fields.String(allow_none=True)
    signing_date = ma.fields.String(allow_none=True)
    date_style = ma.fields.String()
    governing_law = ma.fields.String(allow_none=True)
    court = ma.fields.String(allow_none=True)
    parties = ma.fields.List(ma.fields.Dict())
    milestones = ma.fields.List(ma.fields.Dict())
    clauses = ma.fields.List(ma.fields.Dict())
    details = ma.fields.Dict()
    approved_at = ma.fields.String(allow_none=True)
    status_reason = ma.fields.String(allow_none=True)
    document_id = ma.fields.Integer(allow_none=True)
    signed_document_id = ma.fields.Integer(allow_none=True)
    auto_renew = ma.fields.Boolean()
    renewal_term_months = ma.fields.Integer(allow_none=True)
    notice_period_months = ma.fields.Integer(allow_none=True)
    notice_period_days = ma.fields.Integer(allow_none=True)
    notice_deadline = ma.fields.Date(allow_none=True)


class RenewalSchema(ma.Schema):
    auto_renew = ma.fields.Boolean(required=True)
    # Raw: the service refuses fractions and out-of-range numbers with its own messages.
    renewal_term_months = ma.fields.Raw(load_default=None)
    notice_period_months = ma.fields.Raw(load_default=None)
    notice_period_days = ma.fields.Raw(load_default=None)


class DeadlineSchema(ma.Schema):
    contract_id = ma.fields.Integer()
    number = ma.fields.String()
    title = ma.fields.String()
    kind = ma.fields.String(metadata={"description": "notice (last day to give notice) | end"})
    date = ma.fields.Date()


def _out(contract) -> dict:
    return printing.contract_data(contract) | {
        "document_id": contract.document_id,
        "signed_document_id": contract.signed_document_id,
        "status_reason": contract.status_reason,
        "auto_renew": contract.auto_renew,
        "renewal_term_months": contract.renewal_term_months,
        "notice_period_months": contract.notice_period_months,
        "notice_period_days": contract.notice_period_days,
        "notice_deadline": renewals.notice_deadline(contract),
    }


def _contract(contract_id: int):
    return services.get_contract(actor=g.api_user, organisation=g.org, contract_id=contract_id)


def _change(fn, contract_id: int, **kwargs) -> dict:
    contract = _contract(contract_id)
    perform(fn, contract=contract, **kwargs)
    return _out(contract)


@blp.route("/orgs/<slug>/contracts")
class Contracts(MethodView):
    decorators = [token_required]
    permissions = {"GET": "contract:read", "POST": "contract:draft"}

    @blp.response(200, ContractOutSchema(many=True))
    def get(self, slug):
        """List the organisation's contracts, newest first."""
        return [_out(c) for c in services.list_contracts(actor=g.api_user, organisation=g.org)]

    @blp.arguments(ContractInSchema)
    @blp.response(201, ContractOutSchema)
    def post(self, data, slug):
        """Draft a contract (amounts in integer yen excluding tax; tax is computed and rounded down)."""
        return _out(perform(services.create_contract, **data))


@blp.route("/orgs/<slug>/contracts/<int:contract_id>")
class ContractItem(MethodView):
    decorators = [token_required]
    permissions = {"GET": "contract:read", "PATCH": "contract:draft"}

    @blp.response(200, ContractOutSchema)
    def get(self, slug, contract_id):
        """One contract."""
        return _out(_contract(contract_id))

    @blp.arguments(ContractPatchSchema)
    @blp.response(200, ContractOutSchema)
    def patch(self, data, slug, contract_id):
        """Edit a draft (or a contract sent back); 409 once it is submitted."""
        return _change(services.update_contract, contract_id, **data)


@blp.route("/orgs/<slug>/contracts/<int:contract_id>/pdf")
class ContractPdf(MethodView):
    decorators = [token_required]
    permissions = {"GET": "contract:read"}

    @blp.response(200, content_type="application/pdf")
    def get(self, slug, contract_id):
        """The contract as PDF/A-3b: from approval on, its archived version as stored (signed
        with the organisation's PAdES signature when it has a key); a draft is rendered."""
        contract = services.get_contract(
            actor=g.api_user, organisation=g.org, contract_id=contract_id
        )
        pdf = printing.issued_pdf(contract, g.org)
        return exports.download(pdf, printing.pdf_filename(contract), "application/pdf")


@blp.route("/orgs/<slug>/contracts/<int:contract_id>/submit")
class ContractSubmit(MethodView):
    decorators = [token_required]
    permissions = {"POST": "contract:draft"}

    @blp.response(200, ContractOutSchema)
    def post(self, slug, contract_id):
        """draft → in_review; the PDF is stored as a new version of the contract's document."""
        return _change(lifecycle.submit_for_review, contract_id)


@blp.route("/orgs/<slug>/contracts/<int:contract_id>/approve")
class ContractApprove(MethodView):
    decorators = [token_required]
    permissions = {"POST": "contract:approve"}

    @blp.response(200, ContractOutSchema)
    def post(self, slug, contract_id):
        """in_review → approved (the chairman only); the approved PDF is archived."""
        return _change(lifecycle.approve, contract_id)


@blp.route("/orgs/<slug>/contracts/<int:contract_id>/send-back")
class ContractSendBack(MethodView):
    decorators = [token_required]
    permissions = {"POST": "contract:approve"}

    @blp.arguments(ReasonSchema)
    @blp.response(200, ContractOutSchema)
    def post(self, data, slug, contract_id):
        """in_review → draft (the chairman only), saying what has to change."""
        return _change(lifecycle.send_back, contract_id, reason=data["reason"])


@blp.route("/orgs/<slug>/contracts/<int:contract_id>/signed-copy")
class ContractSignedCopy(MethodView):
    decorators = [token_required]
    permissions = {"POST": "contract:draft"}

    @blp.arguments(SignedCopySchema, location="form")
    @blp.response(200, ContractOutSchema)
    def post(self, data, slug, contract_id):
        """approved → signed: multipart/form-data with `file` (the signed copy, stored as a
        document) and `signing_date` (YYYY-MM-DD, not in the future)."""
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise ValidationError(file=_("Choose the signed copy."))
        return _change(
            lifecycle.record_signed,
            contract_id,
            data=upload.stream.read(lifecycle.signed_copy_limit() + 1),
            filename=upload.filename,
            signing_date=data["signing_date"],
        )


@blp.route("/orgs/<slug>/contracts/<int:contract_id>/activate")
class ContractActivate(MethodView):
    decorators = [token_required]
    permissions = {"POST": "contract:draft"}

    @blp.response(200, ContractOutSchema)
    def post(self, slug, contract_id):
        """signed → active."""
        return _change(lifecycle.activate, contract_id)


@blp.route("/orgs/<slug>/contracts/<int:contract_id>/expire")
class ContractExpire(MethodView):
    decorators = [token_required]
    permissions = {"POST": "contract:draft"}

    @blp.response(200, ContractOutSchema)
    def post(self, slug, contract_id):
        """active → expired, once the end date has passed (Japan time)."""
        return _change(lifecycle.expire, contract_id)


@blp.route("/orgs/<slug>/contracts/<int:contract_id>/terminate")
class ContractTerminate(MethodView):
    decorators = [token_required]
    permissions = {"POST": "contract:approve"}

    @blp.arguments(ReasonSchema)
    @blp.response(200, ContractOutSchema)
    def post(self, data, slug, contract_id):
        """signed or active → terminated (the chairman only), giving the reason."""
        return _change(lifecycle.terminate, contract_id, reason=data["reason"])


@blp.route("/orgs/<slug>/contracts/<int:contract_id>/renewal")
class ContractRenewal(MethodView):
    decorators = [token_required]
    permissions = {"PUT": "contract:draft"}

    @blp.arguments(RenewalSchema)
    @blp.response(200, ContractOutSchema)
    def put(self, data, slug, contract_id):
        """Set the renewal terms: auto_renew, renewal_term_months (1-120, needed to auto-renew),
        notice_period_months (0-120) and notice_period_days (0-365); the response carries the
        notice deadline (end date minus the notice period, month ends kept)."""
        return _change(renewals.set_renewal, contract_id, **data)


@blp.route("/orgs/<slug>/contracts/deadlines")
class ContractDeadlines(MethodView):
    decorators = [token_required]
    permissions = {"GET": "contract:read"}

    @blp.response(200, DeadlineSchema(many=True))
    def get(self, slug):
        """Notice deadlines and end dates of live contracts in the next 90 days (Japan time)."""
        return [
            {
                "contract_id": d.contract.id,
                "number": d.contract.number,
                "title": d.contract.title,
                "kind": d.kind,
                "date": d.date,
            }
            for d in renewals.upcoming(actor=g.api_user, organisation=g.org)
        ]
