"""The drafting form: one counterparty opposite the LLP, a scope clause per language, amount, term."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

TYPE_LABELS = {
    "commission": _l("Service commission (業務委託契約)"),
    "joint_business": _l("Joint business (共同事業契約)"),
    "nda": _l("Non-disclosure (秘密保持契約)"),
    "mou": _l("Memorandum of understanding (覚書)"),
}
LANGUAGE_LABELS = {
    "ja": _l("Japanese"),
    "en": _l("English"),
    "ko": _l("Korean"),
    "ja+en": _l("Japanese and English side by side"),
    "ja+ko": _l("Japanese and Korean side by side"),
}
TAX_LABELS = {
    "taxable_10": _l("Taxable 10%"),
    "reduced_8": _l("Reduced rate 8%"),
    "export_exempt": _l("Export exemption (0%)"),
    "non_taxable": _l("Non-taxable"),
    "out_of_scope": _l("Outside the scope of consumption tax"),
}


# The heading of the clause the scope fields write: what is commissioned, or what the parties
# set out to do (a commission's 委託業務 would be wrong in an NDA or an MOU).
SCOPE_TITLES = {
    "commission": {"ja": "委託業務", "en": "Scope", "ko": "업무 범위"},
    "other": {"ja": "目的", "en": "Purpose", "ko": "목적"},
}


class ContractForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    contract_type = SelectField(_l("Type"), choices=list(TYPE_LABELS.items()))
    language = SelectField(_l("Language"), choices=list(LANGUAGE_LABELS.items()))
    counterparty_id = SelectField(_l("Counterparty (甲)"), coerce=int, validators=[DataRequired()])
    counterparty_title = StringField(
        _l("Counterparty representative's title"), validators=[Optional(), Length(max=100)]
    )
    counterparty_representative = StringField(
        _l("Counterparty representative's name"), validators=[Optional(), Length(max=200)]
    )
    own_title = StringField(
        _l("Our representative's title"), default="理事長", validators=[Optional(), Length(max=100)]
    )
    own_representative = StringField(
        _l("Our representative's name"), validators=[Optional(), Length(max=200)]
    )
    amount_excl_tax = IntegerField(
        _l("Amount excluding tax (yen)"), validators=[Optional(), NumberRange(min=0)]
    )
    tax_treatment = SelectField(_l("Consumption tax"), choices=list(TAX_LABELS.items()))
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[Optional()])
    date_style = SelectField(
        _l("Dates in Japanese text"),
        choices=[("wareki", _l("Japanese era (令和)")), ("western", _l("Western"))],
    )
    court = StringField(_l("Court of jurisdiction"), validators=[Optional(), Length(max=200)])
    scope_ja = TextAreaField(_l("Scope (Japanese)"), validators=[Optional(), Length(max=20000)])
    scope_en = TextAreaField(_l("Scope (English)"), validators=[Optional(), Length(max=20000)])
    scope_ko = TextAreaField(_l("Scope (Korean)"), validators=[Optional(), Length(max=20000)])

    def service_kwargs(self) -> dict:
        languages = self.language.data.split("+")
        scope = {"ja": self.scope_ja.data, "en": self.scope_en.data, "ko": self.scope_ko.data}
        clauses = []
        if any((scope[lang] or "").strip() for lang in languages):
            clauses = [
                {
                    "title": SCOPE_TITLES.get(self.contract_type.data, SCOPE_TITLES["other"]),
                    "body": {lang: scope[lang] or "" for lang in languages},
                }
            ]
        return {
            "title": self.title.data,
            "contract_type": self.contract_type.data,
            "language": self.language.data,
            "amount_excl_tax": self.amount_excl_tax.data,
            "tax_treatment": self.tax_treatment.data,
            "start_date": self.start_date.data,
            "end_date": self.end_date.data,
            "date_style": self.date_style.data,
            "court": self.court.data or None,
            "parties": [
                {
                    "kind": "counterparty",
                    "counterparty_id": self.counterparty_id.data,
                    "representative_title": self.counterparty_title.data,
                    "representative_name": self.counterparty_representative.data,
                },
                {
                    "kind": "organisation",
                    "representative_title": self.own_title.data,
                    "representative_name": self.own_representative.data,
                },
            ],
            "clauses": clauses,
        }


class EditForm(ContractForm):
    """The drafting form for a draft (or a contract sent back).

    The scope fields edit the first clause and keep the others; the counterparty and
    representatives are only offered when the contract has the form's shape (one counterparty
    opposite the LLP) and are otherwise left as they are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Kept in place (a field redefined in the subclass would move to the end of the form);
        # optional because a contract of another shape keeps its parties.
        self.counterparty_id.validators = [Optional()]
        self.counterparty_id.flags.required = False

    @classmethod
    def for_contract(cls, contract, *, formdata=None):
        form = cls(formdata=formdata, obj=contract) if formdata is not None else cls(obj=contract)
        if formdata is None:
            first = (contract.clauses or [{}])[0].get("body", {})
            form.scope_ja.data = first.get("ja")
            form.scope_en.data = first.get("en")
            form.scope_ko.data = first.get("ko")
            shape = party_shape(contract)
            if shape:
                cp, own = shape
                form.counterparty_id.data = cp.counterparty_id
                form.counterparty_title.data = cp.representative_title
                form.counterparty_representative.data = cp.representative_name
                form.own_title.data = own.representative_title
                form.own_representative.data = own.representative_name
        return form

    def edit_kwargs(self, contract) -> dict:
        kwargs = self.service_kwargs()
        languages = self.language.data.split("+")
        scope = {"ja": self.scope_ja.data, "en": self.scope_en.data, "ko": self.scope_ko.data}
        clauses = [dict(c) for c in contract.clauses or []]
        if clauses:
            first = dict(clauses[0])
            first["body"] = {lang: scope[lang] or "" for lang in languages}
            clauses[0] = first
            kwargs["clauses"] = clauses
        if not has_scope(contract):  # the agreement's articles come from the register
            kwargs.pop("clauses", None)
        shape = party_shape(contract)
        if shape is None:
            del kwargs["parties"]
        elif shape[0].position > shape[1].position:  # keep 甲 and 乙 where they were
            kwargs["parties"].reverse()
        return kwargs


def has_scope(contract) -> bool:
    """Whether the form's scope fields apply (the partnership agreement is generated instead)."""
    return contract.contract_type != "partnership"


def party_shape(contract):
    """(counterparty, organisation) when the contract is between the LLP and one counterparty."""
    kinds = sorted(contract.parties, key=lambda p: p.kind != "counterparty")
    if [p.kind for p in kinds] == ["counterparty", "organisation"]:
        return kinds[0], kinds[1]
    return None


class SignForm(FlaskForm):
    signed_copy = FileField(
        _l("Signed copy (scan or PDF)"),
        validators=[FileRequired(message=_l("Choose the signed copy."))],
    )
    signing_date = DateField(
        _l("Signing date"),
        validators=[DataRequired(message=_l("Enter the date on which the parties signed."))],
    )


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=400)])


class RenewalForm(FlaskForm):
    """The renewal terms (renewals.set_renewal checks them)."""

    auto_renew = SelectField(
        _l("Renews automatically"),
        choices=[("0", _l("No")), ("1", _l("Yes"))],
        default="0",
    )
    renewal_term_months = IntegerField(
        _l("Renewal term (months)"), validators=[Optional(), NumberRange(min=1, max=120)]
    )
    notice_period_months = IntegerField(
        _l("Notice period (months)"), validators=[Optional(), NumberRange(min=0, max=120)]
    )
    notice_period_days = IntegerField(
        _l("Notice period (days)"), validators=[Optional(), NumberRange(min=0, max=365)]
    )

    def service_kwargs(self) -> dict:
        return {
            "auto_renew": self.auto_renew.data == "1",
            "renewal_term_months": self.renewal_term_months.data,
            "notice_period_months": self.notice_period_months.data,
            "notice_period_days": self.notice_period_days.data,
        }
