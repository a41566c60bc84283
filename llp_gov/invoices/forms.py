from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange


class InvoiceForm(FlaskForm):
    issuing_partner_id = SelectField(_l("Issuing partner"), coerce=int)
    counterparty_id = SelectField(_l("Counterparty"), coerce=int)
    transaction_date = DateField(_l("Transaction date"), validators=[DataRequired()])
    reference = StringField(_l("Milestone or deliverable"), validators=[Length(max=200)])
    description = StringField(_l("Item"), validators=[DataRequired(), Length(max=200)])
    quantity = IntegerField(_l("Quantity"), default=1, validators=[NumberRange(min=1)])
    unit_price = IntegerField(_l("Unit price (yen, tax excluded)"), validators=[InputRequired()])
    rate = SelectField(_l("Tax rate"), choices=[(10, "10%"), (8, "8%")], coerce=int, default=10)
