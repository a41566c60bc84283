"""Closing a fiscal year (confirmation page showing what will be allocated) and the chairman's
reopening of the last closed year, on the ledger blueprint."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from llp_gov.ledger import closing, reopening
from llp_gov.ledger.blueprint import bp
from llp_gov.web import org_context, submit_form, yen


class CloseForm(FlaskForm):
    confirm = HiddenField(default="1")


class ReopenForm(FlaskForm):
    reason = TextAreaField(_l("Reason for reopening"), validators=[DataRequired(), Length(max=400)])


@bp.route("/o/<slug>/ledger/fiscal-years/<int:year>/close", methods=["GET", "POST"])
@login_required
def close_year(slug: str, year: int):
    """GET (or a POST without the confirmation): what closing will allocate; a 409 page when
    the year has not ended. POST with the confirmation: close it."""
    org = org_context(slug, "ledger:close")
    opens_on = closing.closable_from(org, year)
    if opens_on is not None:  # explained on a ledger page, not a bare "409"
        return render_template(
            "ledger/not_closable.html", org=org, year=year, opens_on=opens_on
        ), 409
    form = CloseForm()
    if request.method == "POST" and request.form.get("confirm") == "1":
        done = submit_form(
            form,
            lambda: closing.close_fiscal_year(actor=current_user, organisation=org, year=year),
            success=lambda result: _(
                "Fiscal year %(year)s was closed; net income %(amount)s was allocated.",
                year=year,
                amount=yen(result["net_income"]),
            ),
            next_url=url_for("ledger.year", slug=slug, year=year),
        )
        if done:
            return done
    preview = closing.closing_preview(actor=current_user, organisation=org, year=year)
    return render_template("ledger/close_year.html", org=org, form=form, preview=preview)


@bp.post("/o/<slug>/ledger/fiscal-years/<int:year>/reopen")
@login_required
def reopen_year(slug: str, year: int):
    """The chairman reopens the last closed year with a reason (the closing entry is reversed)."""
    org = org_context(slug, "ledger:read")
    reopening.require_chairman(current_user, org)
    form = ReopenForm()
    done = submit_form(
        form,
        lambda: reopening.reopen_fiscal_year(
            actor=current_user, organisation=org, year=year, reason=form.reason.data
        ),
        success=_("Fiscal year %(year)s was reopened; its closing entry was reversed.", year=year),
        next_url=url_for("ledger.index", slug=slug),
    )
    if done:
        return done
    fy = closing.closed_year(org, year)
    return render_template(
        "ledger/year.html",
        org=org,
        fy=fy,
        rows=closing.partner_years(org, fy),
        reopen_form=form,
    ), 422
