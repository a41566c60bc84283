"""Ledger pages. A posted entry has no edit or delete page: its only action is a reversal."""

from __future__ import annotations

from flask import (
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_login import current_user as _user
from markupsafe import Markup

from llp_gov.auth import policy
from llp_gov.counterparties.services import list_counterparties
from llp_gov.extensions import db

# The capital and closing pages register their routes on the same blueprint when imported.
from llp_gov.ledger import (  # noqa: F401
    books,
    charts,
    closing,
    services,
    views_capital,
    views_closing,
    views_partner_income,
    views_statements,
)
from llp_gov.ledger import financial_statements as fin
from llp_gov.ledger.blueprint import active_partners as _partners
from llp_gov.ledger.blueprint import bp
from llp_gov.ledger.blueprint import date_arg as _date_arg
from llp_gov.ledger.financial_statements import pending_deadlines
from llp_gov.ledger.forms import (
    EntryForm,
    ReversalForm,
)
from llp_gov.ledger.listing import journal_page, parse_key
from llp_gov.ledger.models import JournalEntry
from llp_gov.orgs.services import today_in
from llp_gov.pagination import key_arg, key_text
from llp_gov.web import org_context, register_dashboard_panel, register_nav, submit_form


def init_nav() -> None:
    register_nav("ledger.index", _l("Ledger"), "ledger:read", order=30)
    register_dashboard_panel(ledger_panel)


def ledger_panel(org, user):
    """Net assets, the distributable amount and unpaid contributions, for those who read the books."""

    if not policy.can(user or _user, org, "ledger:read"):
        return None
    today = today_in(org)
    summary = services.contributions_by_partner(org)
    unpaid = [p for p in _partners(org) if not summary.get(p.id, {}).get("fully_paid")]
    limit, net, _contributed = services.distributable_amount(org, today)
    return Markup(
        render_template(
            "ledger/_dashboard.html",
            org=org,
            net_assets=net,
            limit=max(limit, 0),
            unpaid=unpaid,
            deadlines=pending_deadlines(org, today),
        )
    )


@bp.get("/o/<slug>/ledger/")
@login_required
def index(slug: str):
    org = org_context(slug, "ledger:read")
    today = today_in(org)
    shares = charts.capital_shares(org, today)
    return render_template(
        "ledger/index.html",
        org=org,
        years=services.fiscal_years(org),
        export_year=books.latest_year_with_entries(org),
        shares=shares,
        bar_axis=charts.bar_axis(shares),
        balances=charts.balances_over_time(org, today),
        net_assets=services.net_assets(org, today),
        limit=services.distributable_amount(org, today)[0],
        partners=_partners(org),
        closable_from=lambda year: closing.closable_from(org, year),
    )


@bp.get("/o/<slug>/ledger/journal")
@login_required
def journal(slug: str):
    org = org_context(slug, "ledger:read")
    entries = journal_page(
        actor=current_user,
        organisation=org,
        date_from=_date_arg("from"),
        date_to=_date_arg("to"),
        after=parse_key(key_arg("after", 2)),
        before=parse_key(key_arg("before", 2)),
    )
    return render_template("ledger/journal.html", org=org, entries=entries, key_text=key_text)


def _entry_form(org) -> EntryForm:

    form = EntryForm()
    accounts = services.list_accounts(actor=current_user, organisation=org)
    choices = [("", "—")] + [
        (a.code, f"{a.code} {a.display_name(str(get_locale()))}") for a in accounts
    ]
    for line in form.lines:
        line.account.choices = choices
    form.counterparty_id.choices = [("", "—")] + [
        (str(c.id), c.display_name(str(get_locale())))
        for c in list_counterparties(actor=current_user, organisation=org)
    ]
    return form


@bp.route("/o/<slug>/ledger/journal/new", methods=["GET", "POST"])
@login_required
def new_entry(slug: str):
    org = org_context(slug, "ledger:post")
    form = _entry_form(org)
    if not form.is_submitted():
        return render_template("ledger/entry_form.html", org=org, form=form)
    if not form.validate():
        return render_template("ledger/entry_form.html", org=org, form=form), 422
    done = submit_form(
        form,
        lambda: services.post_entry(
            actor=current_user,
            organisation=org,
            entry_date=form.entry_date.data,
            description=form.description.data,
            lines=form.line_data(),
            counterparty_id=int(form.counterparty_id.data) if form.counterparty_id.data else None,
        ),
        success=lambda entry: _("Entry %(n)s was posted.", n=entry.number),
        next_url=lambda entry: url_for("ledger.entry", slug=slug, entry_id=entry.id),
        validate=False,
    )
    # Refused by the books (e.g. lines that do not balance): the form again, with the reason.
    return done or render_template("ledger/entry_form.html", org=org, form=form)


@bp.get("/o/<slug>/ledger/journal/<int:entry_id>")
@login_required
def entry(slug: str, entry_id: int):
    org = org_context(slug, "ledger:read")
    item = services.get_entry(actor=current_user, organisation=org, entry_id=entry_id)

    reversed_by = db.session.query(JournalEntry).filter_by(reverses_id=item.id).one_or_none()
    return render_template(
        "ledger/entry.html", org=org, entry=item, reversed_by=reversed_by, form=ReversalForm()
    )


@bp.post("/o/<slug>/ledger/journal/<int:entry_id>/reverse")
@login_required
def reverse(slug: str, entry_id: int):
    org = org_context(slug, "ledger:post")
    item = services.get_entry(actor=current_user, organisation=org, entry_id=entry_id)
    form = ReversalForm()
    if not form.validate_on_submit():
        abort(400)
    done = submit_form(
        form,
        lambda: services.reverse_entry(
            actor=current_user,
            organisation=org,
            entry=item,
            on=form.on.data,
            reason=form.reason.data,
        ),
        validate=False,
        success=_("Entry %(n)s was reversed.", n=item.number),
        next_url=lambda reversal: url_for("ledger.entry", slug=slug, entry_id=reversal.id),
    )
    # Refused (flashed): back to the entry.
    return done or (redirect(url_for("ledger.entry", slug=slug, entry_id=entry_id)), 303)


@bp.get("/o/<slug>/ledger/accounts")
@login_required
def accounts(slug: str):
    org = org_context(slug, "ledger:read")
    items = services.list_accounts(actor=current_user, organisation=org)
    return render_template("ledger/accounts.html", org=org, accounts=items)


@bp.get("/o/<slug>/ledger/reports/<any('trial-balance','balance-sheet','profit-and-loss'):kind>")
@login_required
def report(slug: str, kind: str):
    org = org_context(slug, "ledger:read")
    by_partner = request.args.get("by_partner") == "1"
    data = services.report(
        actor=current_user,
        organisation=org,
        kind=kind,
        date_from=_date_arg("from"),
        date_to=_date_arg("to"),
        by_partner=by_partner,
    )
    # The balance sheet in its sections (資産 / 負債 / 純資産, subtotals, totals), drawn by the
    # financial statements' own table (templates/ledger/_fs_tables.html).
    sections = (
        fin.balance_sheet(
            actor=current_user, organisation=org, on=data["to"], locale=str(get_locale())
        )
        if kind == "balance-sheet"
        else None
    )
    return render_template(
        "ledger/report.html",
        org=org,
        data=data,
        kind=kind,
        by_partner=by_partner,
        sections=sections,
    )


@bp.get("/o/<slug>/ledger/fiscal-years/<int:year>")
@login_required
def year(slug: str, year: int):
    org = org_context(slug, "ledger:read")

    fy = closing.closed_year(org, year)
    return render_template("ledger/year.html", org=org, fy=fy, rows=closing.partner_years(org, fy))
