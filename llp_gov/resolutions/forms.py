from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from llp_gov.resolutions.rules import MATTERS, RULE_LABELS, RULES


class ResolutionForm(FlaskForm):
    matter = SelectField(_l("Matter"), choices=[(k, m.label) for k, m in MATTERS.items()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    text = TextAreaField(_l("Text of the resolution"), validators=[Optional(), Length(max=20000)])
    deadline = DateTimeLocalField(
        _l("Deadline"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()]
    )
    amount = IntegerField(
        _l("Amount concerned (yen)"),
        validators=[Optional(), NumberRange(min=1)],
    )
    # The service checks the partner and the project, with its own messages.
    subject_partner_id = SelectField(
        _l("Partner concerned (admission, expulsion)"),
        coerce=str,
        validators=[Optional()],
        validate_choice=False,
    )
    project_id = SelectField(
        _l("Project"), coerce=str, validators=[Optional()], validate_choice=False
    )
    attachment_ids = SelectMultipleField(_l("Attachments"), coerce=int, validators=[Optional()])
    in_writing = BooleanField(
        _l("Decide in writing, without a meeting: adopted only if every entitled partner consents")
    )
    reason = TextAreaField(
        _l("Reason for a ratio differing from contributions, and why it is reasonable"),
        validators=[Optional(), Length(max=4000)],
    )
    starts_on = DateField(_l("Ratio applies from"), validators=[Optional()])
    # An amendment of the agreement (Act 5): the new values of its Act 4(3) items.
    amend_name = StringField(_l("New name"), validators=[Optional(), Length(max=200)])
    amend_business_purpose = TextAreaField(
        _l("New business"), validators=[Optional(), Length(max=4000)]
    )
    amend_office_address = StringField(
        _l("New office address"), validators=[Optional(), Length(max=400)]
    )
    amend_end_date = DateField(_l("New end of duration"), validators=[Optional()])
    amend_fiscal_year_start_month = IntegerField(
        _l("New fiscal year start month (from the next fiscal year)"),
        validators=[Optional(), NumberRange(1, 12)],
    )
    # A partner's Act 4(3) items: its name, address and contribution (one partner per form; the
    # API takes several).
    amend_partner_id = SelectField(
        _l("Partner whose details change"), coerce=str, validators=[Optional()]
    )
    amend_partner_name = StringField(
        _l("Partner's new name"), validators=[Optional(), Length(max=200)]
    )
    amend_partner_address = StringField(
        _l("Partner's new address"), validators=[Optional(), Length(max=400)]
    )
    amend_partner_contribution = IntegerField(
        _l("Partner's new contribution (yen)"), validators=[Optional(), NumberRange(min=0)]
    )


class VoteForm(FlaskForm):
    vote = SelectField(
        _l("Vote"),
        choices=[("for", _l("For")), ("against", _l("Against")), ("abstain", _l("Abstain"))],
    )


class RulesForm(FlaskForm):
    """The agreement's decision terms, and one select per matter it may relax (added below)."""

    chairman_approves_projects = BooleanField(
        _l("The agreement delegates project approval to the chairman (Act 12(1))")
    )
    delegation_clause = TextAreaField(
        _l("Clause of the agreement (quote it, and what stays with the partners)"),
        validators=[Optional(), Length(max=2000)],
    )
    important_property_threshold = IntegerField(
        _l("Important property from (yen)"), validators=[Optional(), NumberRange(min=1)]
    )
    large_borrowing_threshold = IntegerField(
        _l("Large borrowing from (yen)"), validators=[Optional(), NumberRange(min=1)]
    )


def rules_form(current: dict[str, str]):
    fields = {}
    for key, matter in MATTERS.items():
        if matter.floor is None:
            continue
        # Every rule is offered: the service refuses one below the Act's floor, with the reason.
        fields[key] = SelectField(
            matter.label, choices=[(r, RULE_LABELS[r]) for r in RULES], default=current[key]
        )
    form_class = type("RulesFormFor", (RulesForm,), fields)
    return form_class
