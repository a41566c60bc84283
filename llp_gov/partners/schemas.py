import marshmallow as ma

from llp_gov.api import NON_BLANK
from llp_gov.partners.models import KINDS


class PartnerSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    kind = ma.fields.String(required=True, metadata={"enum": list(KINDS)})
    name = ma.fields.String(required=True, metadata=NON_BLANK)
    name_kana = ma.fields.String(allow_none=True)
    name_en = ma.fields.String(allow_none=True)
    name_ko = ma.fields.String(allow_none=True)
    address = ma.fields.String(allow_none=True)
    country = ma.fields.String(load_default="JP")
    is_domestic = ma.fields.Boolean(allow_none=True)
    representative_name = ma.fields.String(allow_none=True)
    executing_person = ma.fields.String(allow_none=True)
    corporate_number = ma.fields.String(allow_none=True)
    kr_business_number = ma.fields.String(allow_none=True)
    invoice_number = ma.fields.String(allow_none=True)
    execution_role = ma.fields.String(allow_none=True)  # its part in executing the business
    admitted_on = ma.fields.Date(allow_none=True)
    withdrawn_on = ma.fields.Date(dump_only=True)
    # Accepted on creation: "pending" (the default once the agreement is in effect: Act 24) or,
    # for the founding register before the effective date, "active" (the default then).
    status = ma.fields.String(validate=ma.validate.OneOf(("pending", "active")))
    representative_user_id = ma.fields.Integer(allow_none=True)


class PartnerPatchSchema(PartnerSchema):
    status = ma.fields.String(dump_only=True)  # changes only by admission, withdrawal, expulsion
    kind = ma.fields.String(metadata={"enum": list(KINDS)})
    name = ma.fields.String(metadata=NON_BLANK)
    country = ma.fields.String()


class PartnerQuerySchema(ma.Schema):
    status = ma.fields.String()
    q = ma.fields.String()
