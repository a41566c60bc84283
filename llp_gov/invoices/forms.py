from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FieldList, Form, FormField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

ITEM_ROWS = 5  # blank rows on the page; a row without a description is ignored


class ItemForm(Form):
    """One line of an invoice (a sub-form: the enclosing form carries the CSRF token)."""

    description = StringField(_l("Item"), validators=[Optional(), Length(max=200)])
    quantity = IntegerField(_l("Quantity"), default=1, validators=[Optional(), NumberRange(min=1)])
    unit_price = IntegerField(_l("Unit price (yen, tax excluded)"), validators=[Optional()])
    rate = SelectField(_l("Tax rate"), choices=[(10, "10%"), (8, "8%")], coerce=int, default=10)


def filled_items(field_list) -> list[dict]:
    """The rows with a description, as the services take them (the service checks them)."""
    rows = [entry.form for entry in field_list]  # entry.description is the field's own text
    return [
        {
            "description": row.description.data,
            "quantity": row.quantity.data or 1,
            "unit_price": row.unit_price.data,
            "rate": row.rate.data,
        }
        for row in rows
        if (row.description.data or "").strip()
    ]


class InvoiceForm(FlaskForm):
    issuing_partner_id = SelectField(_l("Issuing partner"), coerce=int)
    counterparty_id = SelectField(_l("Counterparty"), coerce=int)
    transaction_date = DateField(_l("Transaction date"), validators=[DataRequired()])
    reference = StringField(_l("Milestone or deliverable"), validators=[Length(max=200)])
    items = FieldList(FormField(ItemForm), min_entries=ITEM_ROWS, max_entries=50)


class CorrectionForm(FlaskForm):
    reason = StringField(_l("What was wrong"), validators=[DataRequired(), Length(max=400)])
    items = FieldList(FormField(ItemForm), min_entries=ITEM_ROWS, max_entries=50)


class CancelForm(FlaskForm):
    reason = StringField(_l("Why it is cancelled"), validators=[DataRequired(), Length(max=400)])


class RegistrationForm(FlaskForm):
    partner_id = SelectField(_l("Partner"), coerce=int)
    t_number = StringField(_l("Registration number (T + 13 digits)"), validators=[DataRequired()])
    registered_from = DateField(_l("Registered from"), validators=[DataRequired()])
    registered_to = DateField(_l("Registered to (if it lapsed)"), validators=[Optional()])


class NoticeForm(FlaskForm):
    filed_on = DateField(_l("All-partners notice filed on"), validators=[DataRequired()])
