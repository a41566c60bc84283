from marshmallow import Schema, fields, validate

from llp_gov.invoices.services import RATES


class ItemSchema(Schema):
    description = fields.String(required=True, validate=validate.Length(min=1, max=200))
    # What invoices.services enforces, in the schema: a quantity above 0, a price of 0 or more
    # (whole yen) and a consumption tax rate of 10 or 8 per cent.
    quantity = fields.Integer(load_default=1, metadata={"minimum": 1})
    unit_price = fields.Integer(required=True, metadata={"minimum": 0})
    rate = fields.Integer(load_default=10, metadata={"enum": list(RATES)})
    amount = fields.Integer(dump_only=True)


class InvoiceSchema(Schema):
    id = fields.Integer(dump_only=True)
    number = fields.Integer(dump_only=True)
    issuing_partner_id = fields.Integer(required=True)
    counterparty_id = fields.Integer(required=True)
    transaction_date = fields.Date(required=True)
    issued_on = fields.Date(load_default=None)
    reference = fields.String(load_default=None, allow_none=True)
    items = fields.List(fields.Nested(ItemSchema), required=True, metadata={"minItems": 1})
    t_number = fields.String(dump_only=True)
    subtotal = fields.Integer(dump_only=True)
    tax = fields.Integer(dump_only=True)
    total = fields.Integer(dump_only=True)
    document_id = fields.Integer(dump_only=True)
    entry_id = fields.Integer(dump_only=True)
    status = fields.String(dump_only=True)  # issued, corrected, cancelled
    corrects_id = fields.Integer(dump_only=True, allow_none=True)
    reason = fields.String(dump_only=True, allow_none=True)


class CorrectionSchema(Schema):
    """A corrected invoice (修正インボイス): the full corrected items and what was wrong."""

    items = fields.List(fields.Nested(ItemSchema), required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=400))
    transaction_date = fields.Date(load_default=None)
    issued_on = fields.Date(load_default=None)


class CancellationSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=400))
    on = fields.Date(load_default=None)


class RegistrationSchema(Schema):
    id = fields.Integer(dump_only=True)
    partner_id = fields.Integer(required=True)
    t_number = fields.String(required=True)
    registered_from = fields.Date(required=True)
    registered_to = fields.Date(load_default=None, allow_none=True)


class NoticeSchema(Schema):
    filed_on = fields.Date(required=True)
