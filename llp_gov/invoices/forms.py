from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional


class InvoiceForm(FlaskForm):
    issuing_partner_id = SelectField(_l("Issuing partner"), coerce=int)
    counterparty_id = SelectField(_l("Counterparty"), coerce=int)
    transaction_date = DateField(_l("Transaction date"), validators=[DataRequired()])
    reference = StringField(_l("Milestone or deliverable"), validators=[Length(max=200)])
    description = StringField(_l("Item"), validators=[DataRequired(), Length(max=200)])
    quantity = IntegerField(_l("Quantity"), default=1, validators=[NumberRange(min=1)])
    unit_price = IntegerField(_l("Unit price (yen, tax excluded)"), validators=[InputRequired()])
    rate = SelectField(_l("Tax rate"), choices=[(10, "10%"), (8, "8%")], coerce=int, default=10)


class RegistrationForm(FlaskForm):
    partner_id = SelectField(_l("Partner"), coerce=int)
    t_number = StringField(_l("Registration number (T + 13 digits)"), validators=[DataRequired()])
    registered_from = DateField(_l("Registered from"), validators=[DataRequired()])
    registered_to = DateField(_l("Registered to (if it lapsed)"), validators=[Optional()])


class NoticeForm(FlaskForm):
    filed_on = DateField(_l("All-partners notice filed on"), validators=[DataRequired()])
