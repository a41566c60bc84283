"""API schemas. Amounts are strict integers (whole yen): 1.5 or "100" is refused, not rounded."""

import marshmallow as ma

from llp_gov.api import NON_BLANK
from llp_gov.ledger.books import MAX_YEN
from llp_gov.ledger.models import ACCOUNT_TYPES, CONTRIBUTION_KINDS, INCOME_CATEGORIES

Yen = ma.fields.Integer
# What books.yen enforces, in the schema: whole yen from 0 (or 1 where zero is refused) to MAX_YEN.
YEN = {"minimum": 0, "maximum": MAX_YEN}
YEN_ABOVE_ZERO = {"minimum": 1, "maximum": MAX_YEN}


class AccountSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True, metadata={**NON_BLANK, "maxLength": 100})
    name_en = ma.fields.String(allow_none=True)
    name_ko = ma.fields.String(allow_none=True)
    type = ma.fields.String(required=True, validate=ma.validate.OneOf(ACCOUNT_TYPES))
    income_category = ma.fields.String(
        allow_none=True, validate=ma.validate.OneOf(INCOME_CATEGORIES)
    )
    partner_id = ma.fields.Integer(dump_only=True)


class LineSchema(ma.Schema):
    account = ma.fields.String(required=True)
    debit = Yen(strict=True, load_default=0, metadata=YEN)
    credit = Yen(strict=True, load_default=0, metadata=YEN)
    currency = ma.fields.String(allow_none=True)
    original_amount = ma.fields.Decimal(allow_none=True, as_string=True)
    rate = ma.fields.Decimal(allow_none=True, as_string=True)
    rate_date = ma.fields.Date(allow_none=True)


class LineOutSchema(ma.Schema):
    line_no = ma.fields.Integer()
    account = ma.fields.Function(lambda line: line.account.code)
    account_name = ma.fields.Function(lambda line: line.account.name)
    debit = ma.fields.Integer()
    credit = ma.fields.Integer()
    currency = ma.fields.String()
    original_amount = ma.fields.Decimal(as_string=True)
    rate = ma.fields.Decimal(as_string=True)
    rate_date = ma.fields.Date()


class EntrySchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    number = ma.fields.Integer(dump_only=True)
    date = ma.fields.Date(required=True, attribute="entry_date", data_key="date")
    fiscal_year = ma.fields.Integer(dump_only=True)
    kind = ma.fields.String(dump_only=True)
    description = ma.fields.String(required=True, metadata={**NON_BLANK, "maxLength": 400})
    counterparty_id = ma.fields.Integer(allow_none=True)
    document_id = ma.fields.Integer(allow_none=True)
    reverses_id = ma.fields.Integer(dump_only=True)
    posted_at = ma.fields.DateTime(dump_only=True)
    lines = ma.fields.List(
        ma.fields.Nested(LineSchema), required=True, load_only=True, metadata={"minItems": 2}
    )
    posted_lines = ma.fields.Function(
        lambda e: LineOutSchema(many=True).dump(e.lines), dump_only=True, data_key="lines_posted"
    )


class EntryQuerySchema(ma.Schema):
    date_from = ma.fields.Date(data_key="from")
    date_to = ma.fields.Date(data_key="to")
    limit = ma.fields.Integer(load_default=100, validate=ma.validate.Range(min=1, max=1000))
    # Keyset position (no OFFSET: a deep page costs what the first does): the `date` and
    # `number` of the last entry of the previous page, as "2025-06-01.42".
    after = ma.fields.String(
        load_default=None,
        validate=ma.validate.Regexp(r"^\d{4}-\d{2}-\d{2}\.\d{1,18}$"),
        metadata={"example": "2025-06-01.42"},
    )


class ReversalSchema(ma.Schema):
    on = ma.fields.Date(allow_none=True, data_key="date")
    reason = ma.fields.String(allow_none=True)


class ContributionSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    partner_id = ma.fields.Integer(required=True, strict=True)
    kind = ma.fields.String(required=True, metadata={"enum": list(CONTRIBUTION_KINDS)})
    agreed_amount = Yen(strict=True, required=True, metadata=YEN)
    received_amount = Yen(strict=True, load_default=0, metadata=YEN)
    received_on = ma.fields.Date(allow_none=True)
    valuation_basis = ma.fields.String(allow_none=True)
    note = ma.fields.String(allow_none=True)
    currency = ma.fields.String(allow_none=True)
    original_amount = ma.fields.Decimal(allow_none=True, as_string=True)
    rate = ma.fields.Decimal(allow_none=True, as_string=True)
    rate_date = ma.fields.Date(allow_none=True)
    entry_id = ma.fields.Integer(dump_only=True)
    # Instalments included: paid = first receipt + payments; outstanding = agreed − paid.
    paid = ma.fields.Function(
        lambda c: c.received_amount + sum(p.amount for p in c.payments), dump_only=True
    )
    outstanding = ma.fields.Function(
        lambda c: c.agreed_amount - c.received_amount - sum(p.amount for p in c.payments),
        dump_only=True,
    )


class RefundSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    partner_id = ma.fields.Integer(required=True, strict=True, load_only=True)
    amount = Yen(strict=True, required=True, load_only=True, metadata=YEN_ABOVE_ZERO)
    date = ma.fields.Date(required=True, attribute="distributed_on", data_key="date")
    note = ma.fields.String(allow_none=True)
    total = ma.fields.Integer(dump_only=True)
    authority = ma.fields.String(dump_only=True)
    entry_id = ma.fields.Integer(dump_only=True)


class PaymentSchema(ma.Schema):
    amount = Yen(strict=True, required=True, metadata=YEN_ABOVE_ZERO)
    received_on = ma.fields.Date(required=True)


class ReportQuerySchema(ma.Schema):
    date_from = ma.fields.Date(data_key="from")
    date_to = ma.fields.Date(data_key="to")
    by_partner = ma.fields.Boolean(load_default=False)


class ExportQuerySchema(ma.Schema):
    format = ma.fields.String(load_default="csv")
    report = ma.fields.String(load_default="journal")
    fiscal_year = ma.fields.Integer()
    date_from = ma.fields.Date(data_key="from")
    date_to = ma.fields.Date(data_key="to")
    partner = ma.fields.Integer()
    by_partner = ma.fields.Boolean(load_default=False)
    header = ma.fields.Boolean(load_default=False)


class CloseSchema(ma.Schema):
    ratios = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.Integer(strict=True)),
        allow_none=True,
    )


class ReopenSchema(ma.Schema):
    reason = ma.fields.String(load_default="")  # the service asks for it (after the role)


class DistributionSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    date = ma.fields.Date(required=True, attribute="distributed_on", data_key="date")
    shares = ma.fields.Dict(
        keys=ma.fields.String(),
        values=Yen(strict=True, metadata=YEN_ABOVE_ZERO),
        required=True,
        load_only=True,
    )
    paid = ma.fields.Function(
        lambda d: {str(s.partner_id): s.amount for s in d.shares}, dump_only=True
    )
    unanimous_consent = ma.fields.Boolean(load_default=False)
    consent_document_id = ma.fields.Integer(allow_none=True)
    resolution_id = ma.fields.Integer(allow_none=True)
    delegation = ma.fields.Boolean(load_default=False, load_only=True)
    authority = ma.fields.String(dump_only=True)
    note = ma.fields.String(allow_none=True)
    total = ma.fields.Integer(dump_only=True)
    return_of_capital = ma.fields.Boolean(dump_only=True)
    entry_id = ma.fields.Integer(dump_only=True)


KINDS = CONTRIBUTION_KINDS
