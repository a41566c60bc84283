from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

CONTRIBUTION_KINDS = [("money", _l("Money")), ("property", _l("Other property"))]
VALUATION_BASES = [
    ("", "—"),
    ("market_price", _l("Market price")),
    ("valuation_practice", _l("Accepted valuation practice")),
    ("book_value", _l("Book value just before contribution")),
]
LINES = 6


class LineForm(Form):
    account = SelectField(_l("Account"), validators=[Optional()])
    debit = IntegerField(_l("Debit"), validators=[Optional(), NumberRange(min=0)])
    credit = IntegerField(_l("Credit"), validators=[Optional(), NumberRange(min=0)])


class EntryForm(FlaskForm):
    entry_date = DateField(_l("Date"), validators=[DataRequired()])
    description = StringField(_l("Description"), validators=[DataRequired(), Length(max=400)])
    counterparty_id = SelectField(_l("Counterparty"), validators=[Optional()])
    lines = FieldList(FormField(LineForm), min_entries=LINES, max_entries=20)

    def line_data(self) -> list[dict]:
        out = []
        for line in self.lines:
            if line.account.data and (line.debit.data or line.credit.data):
                out.append(
                    {
                        "account": line.account.data,
                        "debit": line.debit.data or 0,
                        "credit": line.credit.data or 0,
                    }
                )
        return out


class ReversalForm(FlaskForm):
    on = DateField(_l("Reversal date"), validators=[Optional()])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=300)])


class ContributionForm(FlaskForm):
    partner_id = SelectField(_l("Partner"), coerce=int)
    kind = SelectField(_l("Kind"), choices=CONTRIBUTION_KINDS)
    # 0 is a valid amount (a later pledge may add nothing but a receipt): InputRequired.
    agreed_amount = IntegerField(
        _l("Agreed amount (yen)"), validators=[InputRequired(), NumberRange(min=0)]
    )
    received_amount = IntegerField(
        _l("Received amount (yen)"), default=0, validators=[Optional(), NumberRange(min=0)]
    )
    received_on = DateField(_l("Received on"), validators=[Optional()])
    valuation_basis = SelectField(
        _l("Valuation basis (property)"), choices=VALUATION_BASES, validators=[Optional()]
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class CloseForm(FlaskForm):
    pass


class PaymentForm(FlaskForm):
    amount = IntegerField(
        _l("Amount received (yen)"), validators=[InputRequired(), NumberRange(min=0)]
    )
    received_on = DateField(_l("Received on"), validators=[DataRequired()])


class DistributionForm(FlaskForm):
    distributed_on = DateField(_l("Date"), validators=[DataRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=400)])
    unanimous_consent = BooleanField(_l("All partners consented (return of capital, Act 34(2))"))
    consent_document_id = IntegerField(
        _l("Signed consent (document number)"), validators=[Optional()]
    )
    resolution_id = IntegerField(
        _l("Adopted resolution (number)"), validators=[Optional(), NumberRange(min=1)]
    )
    delegation = BooleanField(_l("Decided by the chairman under the agreement's delegation"))


class RatioForm(FlaskForm):
    starts_on = DateField(_l("Starts on"), validators=[DataRequired()])
    reason = TextAreaField(
        _l("Reason the ratio differs and why it is reasonable"),
        validators=[DataRequired(), Length(max=2000)],
    )
    document_id = IntegerField(
        _l("Signed agreement (document number)"), validators=[DataRequired()]
    )
