from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from llp_gov.projects.models import CURRENCIES

KIND_CHOICES = [
    ("regional_system", _l("Regional information-system commission")),
    ("product_development", _l("Joint product development")),
    ("training", _l("Training programme")),
    ("trade_exhibition", _l("Trade and exhibition")),
    ("exchange_event", _l("Exchange event")),
    ("other", _l("Other")),
]
ROLE_CHOICES = [("lead", _l("Lead")), ("member", lazy_pgettext("project role", "Member"))]
PARTICIPANT_ROWS = 6
MILESTONE_ROWS = 5


class ParticipantRow(Form):
    # The service checks partners and roles (with its own messages); empty rows are skipped.
    partner_id = SelectField(
        _l("Partner"), coerce=str, validators=[Optional()], validate_choice=False
    )
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validate_choice=False)
    share_percent = IntegerField(
        _l("Share (%)"), validators=[Optional(), NumberRange(min=0, max=100)]
    )


class MilestoneRow(Form):
    title = StringField(_l("Milestone"), validators=[Optional(), Length(max=200)])
    due_on = DateField(_l("Due on"), validators=[Optional()])


class ProjectForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES)
    client_id = SelectField(
        _l("Client"), coerce=str, validators=[Optional()], validate_choice=False
    )
    description = TextAreaField(
        lazy_pgettext("project", "Description"), validators=[Optional(), Length(max=20000)]
    )
    value = IntegerField(_l("Value"), default=0, validators=[Optional(), NumberRange(min=0)])
    currency = SelectField(_l("Currency"), choices=[(c, c) for c in CURRENCIES])
    property_amount = IntegerField(
        _l("Important property acquired or disposed of (yen)"),
        validators=[Optional(), NumberRange(min=0)],
    )
    borrowing_amount = IntegerField(
        _l("Borrowing taken on (yen)"), validators=[Optional(), NumberRange(min=0)]
    )
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    document_ids = SelectMultipleField(_l("Linked documents"), coerce=int, validators=[Optional()])
    contract_ids = SelectMultipleField(_l("Linked contracts"), coerce=int, validators=[Optional()])
    participants = FieldList(
        FormField(ParticipantRow), min_entries=PARTICIPANT_ROWS, max_entries=20
    )
    milestones = FieldList(FormField(MilestoneRow), min_entries=MILESTONE_ROWS, max_entries=50)


class DecisionForm(FlaskForm):
    decision = SelectField(
        _l("Decision"),
        choices=[
            ("approve", _l("Approve")),
            ("request_changes", _l("Request changes")),
            ("reject", _l("Reject")),
            ("cancel", _l("Cancel project")),
        ],
    )
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=4000)])


class MoveForm(FlaskForm):
    action = SelectField(
        choices=[("submit", _l("Submit")), ("start", _l("Start")), ("complete", _l("Complete"))]
    )
