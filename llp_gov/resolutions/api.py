"""Resolutions API: GET, POST /orgs/<slug>/resolutions; GET .../<id> (tally and outcome as of
now); POST .../<id>/votes."""

import marshmallow as ma
from flask import g
from flask.views import MethodView

from llp_gov.api import NON_BLANK, make_blueprint, perform, token_required
from llp_gov.resolutions import services, signals
from llp_gov.resolutions.models import VOTES
from llp_gov.resolutions.rules import MATTERS

blp = make_blueprint("resolutions_api", __name__, "Partner resolutions")


class TallySchema(ma.Schema):
    base = ma.fields.Integer()
    required = ma.fields.Integer()
    for_ = ma.fields.Integer(data_key="for")
    against = ma.fields.Integer()
    abstain = ma.fields.Integer()
    missing = ma.fields.Integer()


class VoteRecordSchema(ma.Schema):
    partner_id = ma.fields.Integer()
    vote = ma.fields.String(allow_none=True)
    cast_by_id = ma.fields.Integer(
        allow_none=True,
        metadata={"description": "the user who entered the vote (the chairman for a proxy's)"},
    )
    proxy = ma.fields.String(
        allow_none=True, metadata={"description": "the proxy (代理人) who cast the vote, if any"}
    )
    cast_at = ma.fields.DateTime(allow_none=True)


class PayloadSchema(ma.Schema):
    """The matter's particulars; the service checks which the matter needs."""

    # profit_loss_ratio (Ord. 36)
    ratios = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(strict=True))
    reason = ma.fields.String()
    starts_on = ma.fields.Date()
    # amendment (Act 5): the organisation's new Act 4(3) items, partners' names and addresses,
    # partners' new contributions in yen
    changes = ma.fields.Dict(keys=ma.fields.String())
    partners = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.Dict(keys=ma.fields.String())
    )
    contributions = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(strict=True))
    # expulsion (Act 3(2), 37): what cures a missing second or domestic partner
    dissolution = ma.fields.Boolean()
    cure_partner_id = ma.fields.Integer()
    # amendment: the values the change replaces, kept at the opening
    current = ma.fields.Dict(dump_only=True)


class ResolutionSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    matter = ma.fields.String(required=True, validate=ma.validate.OneOf(list(MATTERS)))
    title = ma.fields.String(required=True, metadata={**NON_BLANK, "maxLength": 200})
    text = ma.fields.String(load_default="")
    deadline = ma.fields.AwareDateTime(
        required=True, metadata={"description": "ISO 8601 with a zone"}
    )
    amount = ma.fields.Integer(allow_none=True, strict=True)
    subject_partner_id = ma.fields.Integer(allow_none=True)
    project_id = ma.fields.Integer(allow_none=True)
    attachment_ids = ma.fields.List(ma.fields.Integer(), load_default=list)
    payload = ma.fields.Nested(
        PayloadSchema,
        allow_none=True,
        metadata={"description": "profit_loss_ratio, amendment and expulsion particulars"},
    )
    rule = ma.fields.String(dump_only=True)
    rule_basis = ma.fields.String(dump_only=True)
    opened_at = ma.fields.DateTime(dump_only=True)
    closed_at = ma.fields.DateTime(dump_only=True)
    status = ma.fields.String(
        dump_only=True, metadata={"description": "as of now: open, adopted, rejected"}
    )
    recorded = ma.fields.Boolean(dump_only=True)
    tally = ma.fields.Nested(TallySchema, dump_only=True)
    votes = ma.fields.List(ma.fields.Nested(VoteRecordSchema), dump_only=True)
    effects = ma.fields.Dict(dump_only=True)


class VoteSchema(ma.Schema):
    vote = ma.fields.String(required=True, validate=ma.validate.OneOf(VOTES))


def _view(resolution) -> dict:
    """The resolution with its status, tally and outcome as of now (computed, not written)."""
    state = services.current_state(resolution)
    fields = (
        "id",
        "matter",
        "title",
        "text",
        "deadline",
        "amount",
        "subject_partner_id",
        "project_id",
        "payload",
        "rule",
        "rule_basis",
        "opened_at",
        "closed_at",
        "votes",
        "effects",
    )
    out = {f: getattr(resolution, f) for f in fields}
    proxies = signals.answer(signals.vote_proxies, resolution, default={})
    out["votes"] = [
        {
            "partner_id": v.partner_id,
            "vote": v.vote,
            "cast_by_id": v.cast_by_id,
            "proxy": proxies.get(v.partner_id),
            "cast_at": v.cast_at,
        }
        for v in resolution.votes
    ]
    out["payload"] = resolution.payload or None
    out["attachment_ids"] = [d.id for d in resolution.attachments]
    out |= {"status": state.status, "recorded": state.recorded, "tally": state.tally}
    return out


@blp.route("/orgs/<slug>/resolutions")
class Resolutions(MethodView):
    decorators = [token_required]
    permissions = {"GET": "resolution:read", "POST": "resolution:open"}

    @blp.response(200, ResolutionSchema(many=True))
    def get(self, slug):
        """List resolutions, newest first, each with its status as of now."""
        return [_view(r) for r in services.list_resolutions(actor=g.api_user, organisation=g.org)]

    @blp.arguments(ResolutionSchema)
    @blp.response(201, ResolutionSchema)
    def post(self, data, slug):
        """Open a resolution (the chairman)."""
        return _view(perform(services.open_resolution, **data))


@blp.route("/orgs/<slug>/resolutions/<int:resolution_id>")
class ResolutionItem(MethodView):
    decorators = [token_required]
    permissions = {"GET": "resolution:read"}

    @blp.response(200, ResolutionSchema)
    def get(self, slug, resolution_id):
        """One resolution with its tally and outcome as of now."""
        return _view(
            services.get_resolution(
                actor=g.api_user, organisation=g.org, resolution_id=resolution_id
            )
        )


@blp.route("/orgs/<slug>/resolutions/<int:resolution_id>/votes")
class ResolutionVotes(MethodView):
    decorators = [token_required]
    permissions = {"POST": "resolution:vote"}

    @blp.arguments(VoteSchema)
    @blp.response(200, ResolutionSchema)
    def post(self, data, slug, resolution_id):
        """Cast or change the vote of the partner you represent: for, against or abstain."""
        resolution = services.get_resolution(
            actor=g.api_user, organisation=g.org, resolution_id=resolution_id
        )
        perform(services.cast_vote, resolution=resolution, vote=data["vote"])
        return _view(resolution)
