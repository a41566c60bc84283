import marshmallow as ma

from llp_gov.api import NON_BLANK
from llp_gov.projects.models import CURRENCIES, KINDS, ROLES


class ParticipantSchema(ma.Schema):
    partner_id = ma.fields.Integer(required=True)
    role = ma.fields.String(required=True, validate=ma.validate.OneOf(ROLES))
    share_percent = ma.fields.Integer(
        required=True, strict=True, metadata={"minimum": 1, "maximum": 100}
    )


class MilestoneSchema(ma.Schema):
    title = ma.fields.String(required=True, metadata={**NON_BLANK, "maxLength": 200})
    due_on = ma.fields.Date(required=True)


class DecisionRecordSchema(ma.Schema):
    action = ma.fields.String()
    from_status = ma.fields.String()
    to_status = ma.fields.String()
    actor_id = ma.fields.Integer(allow_none=True)
    comment = ma.fields.String()
    resolution_id = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.DateTime()


class ProjectSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    title = ma.fields.String(required=True, metadata={**NON_BLANK, "maxLength": 200})
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(KINDS))
    client_id = ma.fields.Integer(allow_none=True)
    description = ma.fields.String(load_default="")
    value = ma.fields.Integer(
        load_default=0,
        strict=True,
        metadata={"description": "minor units of currency", "minimum": 0},
    )
    currency = ma.fields.String(load_default="JPY", validate=ma.validate.OneOf(list(CURRENCIES)))
    property_amount = ma.fields.Integer(allow_none=True, strict=True, metadata={"minimum": 0})
    borrowing_amount = ma.fields.Integer(allow_none=True, strict=True, metadata={"minimum": 0})
    starts_on = ma.fields.Date(allow_none=True)
    ends_on = ma.fields.Date(allow_none=True)
    participants = ma.fields.List(
        ma.fields.Nested(ParticipantSchema), required=True, metadata={"minItems": 1}
    )
    milestones = ma.fields.List(ma.fields.Nested(MilestoneSchema), load_default=list)
    document_ids = ma.fields.List(ma.fields.Integer(), load_default=list)
    contract_ids = ma.fields.List(ma.fields.Integer(), load_default=list)
    status = ma.fields.String(dump_only=True)
    proposer_id = ma.fields.Integer(dump_only=True)
    submitted_at = ma.fields.DateTime(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)
    decisions = ma.fields.List(ma.fields.Nested(DecisionRecordSchema), dump_only=True)
    pending_resolutions = ma.fields.List(ma.fields.String(), dump_only=True)


class ProjectQuerySchema(ma.Schema):
    status = ma.fields.String()


class DecisionSchema(ma.Schema):
    decision = ma.fields.String(
        required=True, validate=ma.validate.OneOf(["approve", "reject", "request_changes"])
    )
    comment = ma.fields.String(load_default="")
