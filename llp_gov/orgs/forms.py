from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from llp_gov.orgs.models import ROLES

LEGAL_FORM_CHOICES = [("jp_llp", _l("Japanese LLP (有限責任事業組合)")), ("other", _l("Other"))]


def role_choices():
    labels = {
        "chairman": _l("Chairman"),
        "member": _l("Member"),
        "accountant": _l("Accountant"),
        "admin": _l("Administrator"),
        "observer": _l("Observer"),
    }
    return [(r, labels[r]) for r in ROLES]


class OrganisationForm(FlaskForm):
    legal_form = SelectField(_l("Legal form"), choices=LEGAL_FORM_CHOICES)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("English name"), validators=[Optional(), Length(max=200)])
    name_ko = StringField(_l("Korean name"), validators=[Optional(), Length(max=200)])
    office_address = StringField(_l("Office address"), validators=[Optional(), Length(max=400)])
    business_purpose = TextAreaField(_l("Business"), validators=[Optional(), Length(max=4000)])
    effective_date = DateField(_l("Effective date"), validators=[Optional()])
    end_date = DateField(_l("End of duration"), validators=[Optional()])
    fiscal_year_start_month = IntegerField(
        _l("Fiscal year starts in month"), validators=[DataRequired(), NumberRange(1, 12)]
    )


class NewOrganisationForm(OrganisationForm):
    slug = StringField(
        _l("Short name for addresses (slug)"), validators=[DataRequired(), Length(max=40)]
    )


class MemberForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    password = PasswordField(_l("Initial password"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=role_choices(), default="member")
    partner_id = SelectField(_l("Staff of partner"), coerce=str, validators=[Optional()])
