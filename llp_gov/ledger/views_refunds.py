"""The share-refund page (持分の払戻し, LLP Act 25-26): a withdrawn or expelled partner's share is
refunded against its capital account, within the Ord. 37 distributable amount. The rules are in
ledger.distributions.record_share_refund; this page only offers them."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from llp_gov.extensions import db
from llp_gov.ledger import books, chart, distributions
from llp_gov.ledger.blueprint import bp
from llp_gov.ledger.models import Distribution
from llp_gov.orgs.services import today_in
from llp_gov.partners.models import Partner
from llp_gov.web import org_context, submit_form


class ShareRefundForm(FlaskForm):
    partner_id = SelectField(_l("Partner that left"), coerce=int, validate_choice=False)
    amount = IntegerField(_l("Amount (yen)"), validators=[DataRequired(), NumberRange(min=1)])
    refunded_on = DateField(_l("Date"), validators=[DataRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=400)])


def _leavers(org) -> list[Partner]:
    return list(
        db.session.scalars(
            select(Partner)
            .where(
                Partner.organisation_id == org.id,
                Partner.status.in_(("withdrawn", "expelled")),
            )
            .order_by(Partner.position, Partner.id)
        )
    )


def _capital_balances(org, partners: list[Partner]) -> dict[int, int]:
    """Each leaving partner's capital-account balance today (what may still be refunded)."""
    totals = books.balances(org, date_to=today_in(org))
    out = {}
    for p in partners:
        account = chart.find_capital_account(org, p)
        debit, credit = totals.get(account.id, (0, 0)) if account else (0, 0)
        out[p.id] = credit - debit
    return out


@bp.route("/o/<slug>/ledger/share-refunds", methods=["GET", "POST"])
@login_required
def share_refunds(slug: str):
    org = org_context(slug, "ledger:read")
    leavers = _leavers(org)
    form = ShareRefundForm()
    form.partner_id.choices = [(p.id, p.display_name(str(get_locale()))) for p in leavers]
    if request.method == "GET" and request.args.get("partner_id", "").isdigit():
        form.partner_id.data = int(request.args["partner_id"])
    if request.method == "POST":
        org_context(slug, "distribution:record")
        done = submit_form(
            form,
            lambda: distributions.record_share_refund(
                actor=current_user,
                organisation=org,
                partner_id=form.partner_id.data,
                amount=form.amount.data,
                refunded_on=form.refunded_on.data,
                note=form.note.data,
            ),
            success=_("The refund was recorded."),
            next_url=url_for("ledger.share_refunds", slug=slug),
        )
        if done:
            return done
    refunds = db.session.scalars(
        select(Distribution)
        .where(Distribution.organisation_id == org.id, Distribution.authority == "refund")
        .order_by(Distribution.distributed_on.desc(), Distribution.id.desc())
    ).all()
    return render_template(
        "ledger/share_refunds.html",
        org=org,
        form=form,
        leavers=leavers,
        balances=_capital_balances(org, leavers),
        limit=distributions.distributable_amount(org, today_in(org)),
        refunds=refunds,
        names={p.id: p.display_name(str(get_locale())) for p in leavers},
    ), (422 if request.method == "POST" else 200)
