from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional


class CounterpartyForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    name_kana = StringField(_l("Name in kana"), validators=[Optional(), Length(max=200)])
    name_en = StringField(_l("English name"), validators=[Optional(), Length(max=200)])
    name_ko = StringField(_l("Korean name"), validators=[Optional(), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=400)])
    country = StringField(
        _l("Country (JP, KR, ...)"), default="JP", validators=[DataRequired(), Length(max=2)]
    )
    corporate_number = StringField(_l("Corporate number"), validators=[Optional(), Length(max=20)])
    kr_business_number = StringField(
        _l("Korean business registration number"), validators=[Optional(), Length(max=20)]
    )
    invoice_number = StringField(
        _l("Qualified invoice registration number"), validators=[Optional(), Length(max=20)]
    )
