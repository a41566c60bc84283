"""Ledger API: accounts, journal, reversals, contributions, reports, exports, closing,
distributions. A posted entry has no PUT, PATCH or DELETE (405): corrections are reversals."""

from flask import Response, g, stream_with_context
from flask.views import MethodView
from flask_babel import get_locale

from llp_gov.api import make_blueprint, perform, token_required
from llp_gov.ledger import capital, distributions, reopening, services, statements
from llp_gov.ledger.schemas import (
    AccountSchema,
    CloseSchema,
    ContributionSchema,
    DistributionSchema,
    EntryQuerySchema,
    EntrySchema,
    ExportQuerySchema,
    PaymentSchema,
    RefundSchema,
    ReopenSchema,
    ReportQuerySchema,
    ReversalSchema,
)

blp = make_blueprint("ledger_api", __name__, "The books: journal, contributions, reports, exports")


@blp.route("/orgs/<slug>/accounts")
class Accounts(MethodView):
    decorators = [token_required]
    permissions = {"GET": "ledger:read", "POST": "ledger:post"}

    @blp.response(200, AccountSchema(many=True))
    def get(self, slug):
        """The chart of accounts."""
        return services.list_accounts(actor=g.api_user, organisation=g.org)

    @blp.arguments(AccountSchema)
    @blp.response(201, AccountSchema)
    def post(self, data, slug):
        """Add an account title."""
        return perform(services.create_account, **data)


@blp.route("/orgs/<slug>/journal")
class Journal(MethodView):
    decorators = [token_required]
    permissions = {"GET": "ledger:read", "POST": "ledger:post"}

    @blp.arguments(EntryQuerySchema, location="query")
    @blp.response(200, EntrySchema(many=True))
    def get(self, query, slug):
        """Journal entries, newest first."""
        return services.list_entries(actor=g.api_user, organisation=g.org, **query)

    @blp.arguments(EntrySchema)
    @blp.response(201, EntrySchema)
    def post(self, data, slug):
        """Post a balanced entry; it can never be edited or deleted afterwards."""
        return perform(services.post_entry, **data)


@blp.route("/orgs/<slug>/journal/<int:entry_id>")
class JournalItem(MethodView):
    decorators = [token_required]
    permissions = {"GET": "ledger:read"}

    @blp.response(200, EntrySchema)
    def get(self, slug, entry_id):
        """One entry with its lines."""
        return services.get_entry(actor=g.api_user, organisation=g.org, entry_id=entry_id)


@blp.route("/orgs/<slug>/journal/<int:entry_id>/reversal")
class Reversal(MethodView):
    decorators = [token_required]
    permissions = {"POST": "ledger:post"}

    @blp.arguments(ReversalSchema)
    @blp.response(201, EntrySchema)
    def post(self, data, slug, entry_id):
        """Post the reversal of an entry (the correction of a posted entry)."""
        entry = services.get_entry(actor=g.api_user, organisation=g.org, entry_id=entry_id)
        return perform(services.reverse_entry, entry=entry, **data)


@blp.route("/orgs/<slug>/contributions")
class Contributions(MethodView):
    decorators = [token_required]
    permissions = {"GET": "ledger:read", "POST": "contribution:record"}

    @blp.response(200, ContributionSchema(many=True))
    def get(self, slug):
        """The contribution ledger."""
        return services.list_contributions(actor=g.api_user, organisation=g.org)

    @blp.arguments(ContributionSchema)
    @blp.response(201, ContributionSchema)
    def post(self, data, slug):
        """Record a contribution (money or property) and post it to the capital account."""
        partner_id = data.pop("partner_id")
        return perform(services.record_contribution, partner=partner_id, **data)


@blp.route("/orgs/<slug>/contributions/<int:contribution_id>/payments")
class ContributionPayments(MethodView):
    decorators = [token_required]
    permissions = {"POST": "contribution:record"}

    @blp.arguments(PaymentSchema)
    @blp.response(201, ContributionSchema)
    def post(self, data, slug, contribution_id):
        """Record an instalment ({"amount", "received_on"}) against a pledged contribution;
        returns the contribution with what is paid and outstanding."""
        return perform(capital.record_payment, contribution_id=contribution_id, **data)


def _jsonable_report(data: dict) -> dict:
    out = {k: v for k, v in data.items() if k not in ("rows", "partners")}
    out["partners"] = [{"id": p.id, "name": p.name} for p in data.get("partners") or []]
    out["rows"] = []
    for row in data["rows"]:
        r = {k: v for k, v in row.items() if k != "account"}
        r["account_name"] = row["account"].name
        if "partners" in r:
            r["partners"] = {str(k): v for k, v in r["partners"].items()}
        out["rows"].append(r)
    for key in ("totals",):
        if isinstance(out.get(key), dict) and "partners" in out[key]:
            out[key] = {
                **out[key],
                "partners": {str(k): v for k, v in out[key]["partners"].items()},
            }
    if "unallocated_partners" in out:
        out["unallocated_partners"] = {str(k): v for k, v in out["unallocated_partners"].items()}
    for key in ("from", "to"):
        out[key] = out[key].isoformat() if out.get(key) else None
    return out


@blp.route("/orgs/<slug>/reports/<any('trial-balance','balance-sheet','profit-and-loss'):kind>")
class Reports(MethodView):
    decorators = [token_required]
    permissions = {"GET": "ledger:read"}

    @blp.arguments(ReportQuerySchema, location="query")
    def get(self, query, slug, kind):
        """Trial balance, balance sheet or profit and loss, optionally per partner."""
        data = services.report(actor=g.api_user, organisation=g.org, kind=kind, **query)
        return _jsonable_report(data)


@blp.route("/orgs/<slug>/ledger/export")
class Export(MethodView):
    decorators = [token_required]
    permissions = {"GET": "ledger:export"}

    @blp.arguments(ExportQuerySchema, location="query")
    def get(self, query, slug):
        """Stream the journal, contributions or a report as csv, csv-sjis (Yayoi) or xlsx."""
        filename, mimetype, body = statements.export_ledger(
            actor=g.api_user,
            organisation=g.org,
            fmt=query.pop("format"),
            partner_id=query.pop("partner", None),
            locale=str(get_locale()),
            **query,
        )
        return Response(
            stream_with_context(body),
            mimetype=mimetype,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )


@blp.route("/orgs/<slug>/fiscal-years/<int:year>/close")
class CloseYear(MethodView):
    decorators = [token_required]
    permissions = {"POST": "ledger:close"}

    @blp.arguments(CloseSchema)
    def post(self, data, slug, year):
        """Close a fiscal year that has ended (409 before its end date); returns the allocation
        per partner."""
        ratios = {k: tuple(v) for k, v in (data.get("ratios") or {}).items()} or None
        return perform(services.close_fiscal_year, year=year, ratios=ratios)


@blp.route("/orgs/<slug>/share-refunds")
class ShareRefunds(MethodView):
    decorators = [token_required]
    permissions = {"POST": "distribution:record"}

    @blp.arguments(RefundSchema)
    @blp.response(201, RefundSchema)
    def post(self, data, slug):
        """Refund a withdrawn or expelled partner's share (持分払戻) against its capital account."""
        return perform(
            distributions.record_share_refund,
            partner_id=data["partner_id"],
            amount=data["amount"],
            refunded_on=data["distributed_on"],
            note=data.get("note"),
        )


@blp.route("/orgs/<slug>/fiscal-years/<int:year>/reopen")
class ReopenYear(MethodView):
    decorators = [token_required]
    permissions = {"POST": "ledger:read"}  # the service admits the chairman only

    @blp.arguments(ReopenSchema)
    def post(self, data, slug, year):
        """The chairman reopens the last closed year with a reason: the closing entry is
        reversed (never deleted) and the year is open again."""
        fy = perform(reopening.reopen_fiscal_year, year=year, reason=data["reason"])
        return {"year": fy.year, "status": fy.status}


@blp.route("/orgs/<slug>/distributions")
class Distributions(MethodView):
    decorators = [token_required]
    permissions = {"POST": "distribution:record"}

    @blp.arguments(DistributionSchema)
    @blp.response(201, DistributionSchema)
    def post(self, data, slug):
        """Distribute to partners within the Ord. 37 limit."""
        return perform(services.record_distribution, **data)
