from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    MultipleFileField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from llp_gov.documents.labels import TYPE_LABELS
from llp_gov.documents.models import DOC_TYPES


def type_choices(blank=None):
    choices = [(t, TYPE_LABELS[t]) for t in DOC_TYPES]
    return ([("", blank)] if blank is not None else []) + choices


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UploadForm(FlaskForm):
    files = MultipleFileField(_l("Files (PDF, Word, Excel, text or scanned images)"))
    title = StringField(
        _l("Title (the file name when empty)"), validators=[Optional(), Length(max=300)]
    )
    doc_type = SelectField(_l("Type"), choices=type_choices(), default="other")
    counterparty_id = SelectField(_l("Counterparty"), choices=[], validate_choice=False)
    counterparty = StringField(
        _l("or a new counterparty"), validators=[Optional(), Length(max=200)]
    )
    transaction_date = DateField(_l("Transaction date"), validators=[Optional()])
    amount = IntegerField(_l("Amount"), validators=[Optional(), NumberRange(min=0)])
    currency = StringField(
        _l("Currency"), default="JPY", validators=[DataRequired(), Length(min=3, max=3)]
    )
    amount_jpy = IntegerField(
        _l("Amount in yen (for other currencies)"), validators=[Optional(), NumberRange(min=0)]
    )
    tags = StringField(_l("Tags (separated by commas)"), validators=[Optional(), Length(max=400)])
    restricted_partner_ids = MultiCheckboxField(
        _l("Only these partners may read it (empty: the whole organisation)"),
        choices=[],
        coerce=int,
    )

    @property
    def file(self):
        """The services name the upload `file`: their errors show on the files field."""
        return self.files


class VersionForm(FlaskForm):
    file = MultipleFileField(_l("New version"))


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for the withdrawal"), validators=[DataRequired(), Length(max=400)]
    )


class EditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    doc_type = SelectField(_l("Type"), choices=type_choices())
    counterparty_id = SelectField(_l("Counterparty"), choices=[], validate_choice=False)
    transaction_date = DateField(_l("Transaction date"), validators=[Optional()])
    amount = IntegerField(_l("Amount"), validators=[Optional(), NumberRange(min=0)])
    currency = StringField(_l("Currency"), validators=[DataRequired(), Length(min=3, max=3)])
    amount_jpy = IntegerField(
        _l("Amount in yen (for other currencies)"), validators=[Optional(), NumberRange(min=0)]
    )
    tags = StringField(_l("Tags (separated by commas)"), validators=[Optional(), Length(max=400)])


class OcrForm(FlaskForm):
    """The CSRF token of the 'read it again with OCR' button."""
