"""The audit page's filter form (moved from orgs.forms: the audit pages import no domain)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError


class AuditFilterForm(FlaskForm):
    """Query-string filters: tag prefix, actor substring, dates in the user's time zone."""

    class Meta:
        csrf = False

    # "" = every category but notifications (they would bury the rest); "all" = everything.
    category = SelectField(_l("Category"), choices=[], validators=[Optional()], default="")
    tag = StringField(_l("Tag"), validators=[Optional(), Length(max=64)])
    actor = StringField(_l("Actor"), validators=[Optional(), Length(max=254)])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])

    def validate_date_to(self, field: DateField) -> None:
        """A reversed range is refused beside the field (it would silently show nothing)."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_("The end date is before the start date."))
