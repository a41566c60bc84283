"""Board portal forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from llp_gov.resolutions.rules import MATTERS

VOTE_CHOICES = [
    ("for", _l("For (consent)")),
    ("against", _l("Against")),
    ("abstain", _l("Abstain")),
]


class WrittenResolutionForm(FlaskForm):
    """A resolution decided in writing (書面決議): adopted only if every partner consents."""

    matter = SelectField(_l("Matter"), choices=[(k, m.label) for k, m in MATTERS.items()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    text = TextAreaField(_l("Text of the resolution"), validators=[Optional(), Length(max=20000)])
    amount = IntegerField(_l("Amount (yen)"), validators=[Optional(), NumberRange(min=1)])
    days = IntegerField(
        _l("Days to answer"), default=14, validators=[DataRequired(), NumberRange(min=1, max=90)]
    )


class ProxyVoteForm(FlaskForm):
    """The chairman records a partner's vote cast through its proxy, with the 委任状."""

    partner_id = SelectField(_l("Partner"), coerce=int, validate_choice=False)
    vote = SelectField(_l("Vote"), choices=VOTE_CHOICES, validate_choice=False)
    proxy_name = StringField(_l("Proxy"))
    file = FileField(_l("Proxy document (委任状)"))
