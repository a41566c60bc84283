"""Accepting an invitation to an organisation (see llp_gov.operations.invitations)."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from llp_gov.operations import invitations
from llp_gov.web import submit_form

bp = Blueprint("operations", __name__)


class AcceptForm(FlaskForm):
    pass


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def invitation(token: str) -> ResponseReturnValue:
    invite = invitations.pending(token, actor=current_user)
    organisation = invitations.organisation_of(invite)
    form = AcceptForm()
    response = submit_form(
        form,
        lambda: invitations.accept(actor=current_user, token=token),
        success=_("You are now a member of %(org)s.", org=organisation.name),
        next_url=lambda org: url_for("orgs.dashboard", slug=org.slug),
    )
    return response or render_template(
        "operations/invitation.html", organisation=organisation, invite=invite, form=form
    )
