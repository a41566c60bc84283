"""The ledger blueprint and the helpers its page modules share (views, views_capital,
views_closing), so that the page modules import this one instead of each other."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from llp_gov.errors import ValidationError
from llp_gov.partners.services import list_partners

bp = Blueprint("ledger", __name__)


def date_arg(name: str) -> dt.date | None:
    """The query-string date `name` (YYYY-MM-DD) or None when absent; ValidationError with a field
    `name` when it is not a date."""
    value = request.args.get(name)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(**{name: _("Enter a date as YYYY-MM-DD.")}) from None


def active_partners(org):
    """The organisation's active partners in register order, as the current user may see them."""
    return list_partners(actor=current_user, organisation=org, status="active")
