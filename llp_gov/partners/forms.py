from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

KIND_CHOICES = [("corporate", _l("Corporation")), ("individual", _l("Individual"))]


class PartnerForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    name_kana = StringField(_l("Name in kana"), validators=[Optional(), Length(max=200)])
    name_en = StringField(_l("English name"), validators=[Optional(), Length(max=200)])
    name_ko = StringField(_l("Korean name"), validators=[Optional(), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=400)])
    country = StringField(
        _l("Country (JP, KR, ...)"), default="JP", validators=[DataRequired(), Length(max=2)]
    )
    is_domestic = BooleanField(_l("Resident or incorporated in Japan"), default=True)
    representative_name = StringField(
        _l("Representative"), validators=[Optional(), Length(max=200)]
    )
    executing_person = StringField(
        _l("Executing person (職務執行者)"), validators=[Optional(), Length(max=200)]
    )
    corporate_number = StringField(_l("Corporate number"), validators=[Optional(), Length(max=20)])
    kr_business_number = StringField(
        _l("Korean business registration number"), validators=[Optional(), Length(max=20)]
    )
    invoice_number = StringField(
        _l("Qualified invoice registration number"), validators=[Optional(), Length(max=20)]
    )
    execution_role = StringField(
        _l("Part in executing the business (Act 13)"), validators=[Optional(), Length(max=400)]
    )
    admitted_on = DateField(_l("Admitted on"), validators=[Optional()])
    representative_user_id = SelectField(
        _l("Designated representative user"), coerce=str, validators=[Optional()]
    )


class WithdrawalForm(FlaskForm):
    withdrawn_on = DateField(_l("Withdrawn on"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=400)])
    # Act 3(2), 37: when the LLP would be left without two partners or a domestic one.
    dissolution = BooleanField(_l("The LLP enters dissolution (Act 37)"))
    cure_partner_id = SelectField(
        _l("Partner who will cure it within two weeks"),
        coerce=str,
        validators=[Optional()],
        validate_choice=False,
    )
