"""Ledger pages for partners' capital (contributions, distributions, ratio agreements) and the
downloads (exports, per-partner statements), on the ledger blueprint."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from llp_gov.db import get_in_org
from llp_gov.errors import ValidationError
from llp_gov.exports import download
from llp_gov.ledger import capital, services, statements
from llp_gov.ledger.blueprint import active_partners as _partners
from llp_gov.ledger.blueprint import bp
from llp_gov.ledger.blueprint import date_arg as _date_arg
from llp_gov.ledger.exports import csv_stream
from llp_gov.ledger.forms import ContributionForm, DistributionForm, PaymentForm, RatioForm
from llp_gov.ledger.models import Contribution
from llp_gov.orgs.services import today_in
from llp_gov.web import org_context, submit_form


@bp.route("/o/<slug>/ledger/contributions", methods=["GET", "POST"])
@login_required
def contributions(slug: str):
    org = org_context(slug, "ledger:read")
    form = ContributionForm()
    partners = _partners(org)
    # Only the partners a pledge can be recorded for (the others' change is an amendment).
    open_to_pledge = capital.partners_open_to_pledge(org, partners)
    form.partner_id.choices = [(p.id, p.display_name(str(get_locale()))) for p in open_to_pledge]
    if request.method == "POST":
        org_context(slug, "contribution:record")
        done = submit_form(
            form,
            lambda: services.record_contribution(
                actor=current_user,
                organisation=org,
                partner=form.partner_id.data,
                kind=form.kind.data,
                agreed_amount=form.agreed_amount.data,
                received_amount=form.received_amount.data or 0,
                received_on=form.received_on.data,
                valuation_basis=form.valuation_basis.data or None,
                note=form.note.data,
            ),
            success=_("The contribution was recorded."),
            next_url=url_for("ledger.contributions", slug=slug),
        )
        if done:
            return done
    return render_template(
        "ledger/contributions.html",
        org=org,
        form=form,
        partners=partners,
        open_to_pledge=open_to_pledge,
        summary=services.contributions_by_partner(org),
        items=services.list_contributions(actor=current_user, organisation=org),
    ), (422 if request.method == "POST" else 200)


@bp.route("/o/<slug>/ledger/contributions/<int:contribution_id>", methods=["GET", "POST"])
@login_required
def contribution(slug: str, contribution_id: int):
    """One pledge: what is paid and outstanding, and the form for a later instalment."""
    org = org_context(slug, "ledger:read")
    item = get_in_org(Contribution, contribution_id, org)
    form = PaymentForm()
    if request.method == "POST":
        org_context(slug, "contribution:record")
        done = submit_form(
            form,
            lambda: capital.record_payment(
                actor=current_user,
                organisation=org,
                contribution_id=item.id,
                amount=form.amount.data,
                received_on=form.received_on.data,
            ),
            success=_("The payment was recorded."),
            next_url=url_for("ledger.contribution", slug=slug, contribution_id=item.id),
        )
        if done:
            return done
    paid = capital.contribution_received(item)
    return render_template(
        "ledger/contribution.html",
        org=org,
        item=item,
        form=form,
        paid=paid,
        outstanding=item.agreed_amount - paid,
    ), (422 if request.method == "POST" else 200)


def _amounts(prefix: str) -> dict[str, str]:
    return {
        k[len(prefix) :]: v.strip()
        for k, v in request.form.items()
        if k.startswith(prefix) and v.strip()
    }


def _shares() -> dict[str, int]:
    shares = {}
    for pid, value in _amounts("share_").items():
        if not value.isdigit():
            raise ValidationError(
                **{f"share_{pid}": _("Enter a whole number of yen (no fractions).")}
            )
        shares[pid] = int(value)
    return shares


@bp.route("/o/<slug>/ledger/distributions", methods=["GET", "POST"])
@login_required
def distributions(slug: str):
    org = org_context(slug, "ledger:read")
    form = DistributionForm()
    partners = _partners(org)
    if request.method == "POST":
        org_context(slug, "distribution:record")
        done = submit_form(
            form,
            lambda: services.record_distribution(
                actor=current_user,
                organisation=org,
                distributed_on=form.distributed_on.data,
                shares=_shares(),
                unanimous_consent=form.unanimous_consent.data,
                consent_document_id=form.consent_document_id.data,
                resolution_id=form.resolution_id.data,
                delegation=form.delegation.data,
                note=form.note.data,
            ),
            success=_("The distribution was recorded."),
            next_url=url_for("ledger.distributions", slug=slug),
        )
        if done:
            return done
    today = today_in(org)
    return render_template(
        "ledger/distributions.html",
        org=org,
        form=form,
        partners=partners,
        limit=services.distributable_amount(org, today),
        today=today,
    ), (422 if request.method == "POST" else 200)


def _ratios() -> dict[str, tuple[int, int]]:
    ratios = {}
    for pid, value in _amounts("ratio_").items():
        n, _sep, d = value.partition("/")
        if not (n.isdigit() and d.isdigit() and int(d) > 0):
            raise ValidationError(
                **{f"ratio_{pid}": _("Give each ratio as a numerator and a denominator.")}
            )
        ratios[pid] = (int(n), int(d))
    return ratios


@bp.route("/o/<slug>/ledger/ratio", methods=["GET", "POST"])
@login_required
def ratio(slug: str):
    org = org_context(slug, "ledger:read")
    form = RatioForm()
    partners = _partners(org)
    if request.method == "POST":
        org_context(slug, "ratio:record")
        done = submit_form(
            form,
            lambda: services.adopt_ratio_agreement(
                actor=current_user,
                organisation=org,
                ratios=_ratios(),
                reason=form.reason.data,
                starts_on=form.starts_on.data,
                document_id=form.document_id.data,
            ),
            success=_("The ratio agreement was recorded."),
            next_url=url_for("ledger.ratio", slug=slug),
        )
        if done:
            return done
    return render_template(
        "ledger/ratio.html",
        org=org,
        form=form,
        partners=partners,
        agreements=services.list_agreements(actor=current_user, organisation=org),
    ), (422 if request.method == "POST" else 200)


@bp.get("/o/<slug>/ledger/export")
@login_required
def export(slug: str):
    org = org_context(slug, "ledger:export")
    year = request.args.get("fiscal_year", type=int)
    partner = request.args.get("partner", type=int)
    filename, mimetype, body = statements.export_ledger(
        actor=current_user,
        organisation=org,
        fmt=request.args.get("format", "csv"),
        report=request.args.get("report", "journal"),
        fiscal_year=year,
        date_from=_date_arg("from"),
        date_to=_date_arg("to"),
        partner_id=partner,
        by_partner=request.args.get("by_partner") == "1",
        header=request.args.get("header") == "1",
        locale=str(get_locale()),
    )
    return download(body, filename, mimetype)


@bp.get("/o/<slug>/ledger/fiscal-years/<int:year>/statements/<int:partner_id>.<any(csv,pdf):fmt>")
@login_required
def statement(slug: str, year: int, partner_id: int, fmt: str):
    org = org_context(slug, "ledger:read")
    data = statements.partner_statement(
        actor=current_user,
        organisation=org,
        year=year,
        partner_id=partner_id,
        locale=str(get_locale()),
    )
    name = f"{org.slug}-{year}-partner-{partner_id}"
    if fmt == "csv":
        body = b"".join(csv_stream(None, statements.statement_rows(data)))
        return download(body, f"{name}.csv", "text/csv; charset=utf-8")
    pdf = statements.statement_pdf(data, locale=str(get_locale()))
    return download(pdf, f"{name}.pdf", "application/pdf")
