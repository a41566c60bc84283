"""Documents API: list and upload (multipart), one document, its versions and their files."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app, g, jsonify, request, url_for
from flask.views import MethodView
from flask_babel import gettext as _

from llp_gov.api import NON_BLANK, make_blueprint, perform, token_required
from llp_gov.documents import editing, files, hooks, listing, services, suggest
from llp_gov.documents.models import DOC_TYPES
from llp_gov.documents.views_files import file_response
from llp_gov.errors import ValidationError

# What documents.details enforces, in the schema (it answers 422 with its own message).
TITLE = {**NON_BLANK, "maxLength": 300}
YEN = {"minimum": 0, "description": "integer minor units of the currency"}

blp = make_blueprint("documents_api", __name__, "Documents and their immutable versions")


class VersionSchema(ma.Schema):
    number = ma.fields.Integer()
    sha256 = ma.fields.String()
    size = ma.fields.Integer()
    mime_type = ma.fields.String()
    filename = ma.fields.String()
    created_at = ma.fields.DateTime()
    extraction_status = ma.fields.String()
    extraction_error = ma.fields.String(allow_none=True)
    # ok, no_text, garbled, encrypted, failed, pending (see models.TEXT_STATUSES)
    text_status = ma.fields.String()
    languages = ma.fields.Method("_languages")
    ocr_status = ma.fields.String(allow_none=True)
    ocr_error = ma.fields.String(allow_none=True)
    type_words = ma.fields.Method("_type_words")

    def _languages(self, version):
        return [x for x in (version.languages or "").split(",") if x]

    def _type_words(self, version):
        return files.type_words(version.mime_type)


class DocumentSchema(ma.Schema):
    id = ma.fields.Integer()
    title = ma.fields.String()
    doc_type = ma.fields.String()
    counterparty_id = ma.fields.Integer(allow_none=True)
    transaction_date = ma.fields.Date(allow_none=True)
    amount = ma.fields.Integer(allow_none=True)
    currency = ma.fields.String()
    amount_jpy = ma.fields.Integer(allow_none=True)
    tags = ma.fields.List(ma.fields.String())
    confidentiality = ma.fields.String()
    restricted_partner_ids = ma.fields.Method("_partners")
    withdrawn_at = ma.fields.DateTime(allow_none=True)
    withdrawn_reason = ma.fields.String(allow_none=True)
    created_at = ma.fields.DateTime()
    versions = ma.fields.List(ma.fields.Nested(VersionSchema))

    def _partners(self, doc):
        return [p.id for p in doc.restricted_partners]


class DocumentDetailSchema(DocumentSchema):
    """One document, with the signatures of its latest PDF version (llp_gov.signing)."""

    signatures = ma.fields.Method("_signatures")

    def _signatures(self, doc):
        return hooks.signatures_of(doc)

    # Details read from the latest version's text, offered (never applied): transaction_date,
    # amount (yen), invoice_number (T + 13 digits), counterparty_id/counterparty_name.
    suggestions = ma.fields.Method("_suggestions")

    def _suggestions(self, doc):
        latest = doc.latest
        if latest is None or not latest.extracted_text:
            return {}
        return suggest.suggest(latest.extracted_text, organisation=g.org).as_dict()


class UploadSchema(ma.Schema):
    """multipart/form-data fields; the file goes in `file`."""

    title = ma.fields.String(required=True, metadata=TITLE)
    doc_type = ma.fields.String(load_default="other", validate=ma.validate.OneOf(DOC_TYPES))
    counterparty_id = ma.fields.Integer(load_default=None)
    counterparty = ma.fields.String(load_default=None)
    transaction_date = ma.fields.Date(load_default=None)
    amount = ma.fields.Integer(load_default=None, metadata=YEN)
    currency = ma.fields.String(load_default="JPY")
    amount_jpy = ma.fields.Integer(load_default=None, metadata=YEN)
    tags = ma.fields.String(load_default="")
    restricted_partner_ids = ma.fields.String(load_default="")  # comma-separated ids
    allow_duplicate = ma.fields.Boolean(load_default=False)  # 1: store the same file again

    class Meta:
        unknown = ma.EXCLUDE


class PatchSchema(ma.Schema):
    """The details to correct (any subset); null clears an optional one."""

    title = ma.fields.String(metadata=TITLE)
    doc_type = ma.fields.String(validate=ma.validate.OneOf(DOC_TYPES))
    counterparty_id = ma.fields.Integer(allow_none=True)
    transaction_date = ma.fields.Date(allow_none=True)
    amount = ma.fields.Integer(allow_none=True, metadata=YEN)
    currency = ma.fields.String()
    amount_jpy = ma.fields.Integer(allow_none=True, metadata=YEN)
    tags = ma.fields.Raw()  # a list of strings or comma-separated text

    class Meta:
        unknown = ma.RAISE


@blp.errorhandler(editing.Duplicate)
def _duplicate(exc):
    """409 with the existing document's id, so a client can link to it."""
    return jsonify(
        {
            "error": {
                "code": "duplicate",
                "message": str(exc),
                "fields": {},
                "document_id": exc.document_id,
            }
        }
    ), 409


def _file():
    request.max_content_length = current_app.config["MAX_UPLOAD_BYTES"] + 1024 * 1024
    f = request.files.get("file")
    if f is None or not f.filename:
        raise ValidationError(file=_("Choose at least one file."))
    return f.stream.read(current_app.config["MAX_UPLOAD_BYTES"] + 1), f.filename


def _ids(text: str) -> list[int]:
    try:
        return [int(x) for x in text.replace(" ", "").split(",") if x]
    except ValueError:
        raise ValidationError(
            restricted_partner_ids=_("Choose partners of this organisation.")
        ) from None


@blp.route("/orgs/<slug>/documents")
class Documents(MethodView):
    decorators = [token_required]
    permissions = {"GET": "document:read", "POST": "document:upload"}

    @blp.response(200, DocumentSchema(many=True))
    def get(self, slug):
        """One page of the documents the caller may read. Query: type, counterparty, date_from,
        date_to, amount_min, amount_max, text_status, withdrawn=0, sort (newest, oldest,
        date_desc, date_asc, amount_desc, amount_asc, title), page, per_page (max 500, default
        50). A `Link: <...>; rel="next"` header points to the next page while there is one."""
        filters, sort, page, per_page = listing.parse_list_args(request.args)
        result = listing.list_page(
            actor=g.api_user,
            organisation=g.org,
            filters=filters,
            sort=sort,
            page=page,
            per_page=per_page,
        )
        headers = {}
        if result.has_next:
            nxt = url_for(
                request.endpoint, **(request.view_args | request.args.to_dict()), page=page + 1
            )
            headers["Link"] = f'<{nxt}>; rel="next"'
        return result.items, 200, headers

    @blp.arguments(UploadSchema, location="form")
    @blp.response(201, DocumentDetailSchema)
    def post(self, data, slug):
        """Upload a document (multipart/form-data with `file`)."""
        payload, filename = _file()
        return perform(
            services.create_document,
            title=data["title"],
            doc_type=data["doc_type"],
            data=payload,
            filename=filename,
            counterparty_id=data["counterparty_id"],
            counterparty_name=data["counterparty"],
            transaction_date=data["transaction_date"],
            amount=data["amount"],
            currency=data["currency"],
            amount_jpy=data["amount_jpy"],
            tags=data["tags"],
            restricted_partner_ids=_ids(data["restricted_partner_ids"]),
            allow_duplicate=data["allow_duplicate"],
        )


@blp.route("/orgs/<slug>/documents/<int:document_id>")
class DocumentItem(MethodView):
    decorators = [token_required]
    permissions = {"GET": "document:read", "PATCH": "document:upload"}

    @blp.response(200, DocumentDetailSchema)
    def get(self, slug, document_id):
        """One document with its versions."""
        return services.get_document(actor=g.api_user, organisation=g.org, document_id=document_id)

    @blp.arguments(PatchSchema)
    @blp.response(200, DocumentSchema)
    def patch(self, data, slug, document_id):
        """Correct a document's details (audited with old and new values, reindexed)."""
        return perform(editing.update_document, document_id=document_id, **data)


@blp.route("/orgs/<slug>/documents/<int:document_id>/versions")
class Versions(MethodView):
    decorators = [token_required]
    permissions = {"POST": "document:upload"}

    @blp.response(201, VersionSchema)
    def post(self, slug, document_id):
        """Append a version (multipart/form-data with `file`)."""
        doc = services.get_document(actor=g.api_user, organisation=g.org, document_id=document_id)
        payload, filename = _file()
        return perform(services.add_version, document=doc, data=payload, filename=filename)


@blp.route("/orgs/<slug>/documents/<int:document_id>/versions/<int:number>/file")
class VersionFile(MethodView):
    decorators = [token_required]
    permissions = {"GET": "document:read"}

    @blp.response(200)
    def get(self, slug, document_id, number):
        """The stored file of one version."""
        version = services.get_version(
            actor=g.api_user, organisation=g.org, document_id=document_id, number=number
        )
        return file_response(version, inline=request.args.get("inline") == "1")
