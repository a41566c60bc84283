"""The audit page's words for the fields of a change (issue 14): each diff key has a label in
the reader's language and a kind that says how its value reads (a user or partner by name, money,
a date in the locale, a code through the domain's own words, nested values as lines).

The log keeps the keys and raw values (they are hashed into the chain); only the page reads them
as words. A key without a label here shows as words made from the key (never the bare code)."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

LABELS = {
    # who and what
    "status": lazy_pgettext("audit field", "Status"),
    "title": lazy_pgettext("audit field", "Title"),
    "name": lazy_pgettext("audit field", "Name"),
    "name_kana": lazy_pgettext("audit field", "Name (kana)"),
    "name_en": lazy_pgettext("audit field", "Name (English)"),
    "name_ko": lazy_pgettext("audit field", "Name (Korean)"),
    "email": lazy_pgettext("audit field", "Email"),
    "user": lazy_pgettext("audit field", "User"),
    "role": lazy_pgettext("audit field", "Role"),
    "partner_id": lazy_pgettext("audit field", "Partner"),
    "subject_partner_id": lazy_pgettext("audit field", "Partner concerned"),
    "representative_user_id": lazy_pgettext("audit field", "Representative's account"),
    "representative_name": lazy_pgettext("audit field", "Representative"),
    "executing_person": lazy_pgettext("audit field", "Person executing duties"),
    "execution_role": lazy_pgettext("audit field", "Part in the execution of business"),
    "position": lazy_pgettext("audit field", "Order in the register"),
    "address": lazy_pgettext("audit field", "Address"),
    "office_address": lazy_pgettext("audit field", "Principal office"),
    "country": lazy_pgettext("audit field", "Country"),
    "is_domestic": lazy_pgettext("audit field", "Resident in Japan"),
    "corporate_number": lazy_pgettext("audit field", "Corporate number"),
    "invoice_number": lazy_pgettext("audit field", "Invoice registration number"),
    "t_number": lazy_pgettext("audit field", "Invoice registration number"),
    "kr_business_number": lazy_pgettext("audit field", "Korean business registration number"),
    "business_purpose": lazy_pgettext("audit field", "Business purpose"),
    "legal_form": lazy_pgettext("audit field", "Legal form"),
    "slug": lazy_pgettext("audit field", "Address of the pages"),
    "fiscal_year_start_month": lazy_pgettext("audit field", "First month of the fiscal year"),
    "effective_date": lazy_pgettext("audit field", "Effective date"),
    "delegation_clause": lazy_pgettext("audit field", "Delegation clause"),
    "resolution_rules": lazy_pgettext("audit field", "Resolution rules"),
    "composition_cure": lazy_pgettext("audit field", "Cure of the partners' composition"),
    "chairman_approves_projects": lazy_pgettext(
        "audit field", "The chairman approves joint projects"
    ),
    "important_property_threshold": lazy_pgettext("audit field", "Threshold of important property"),
    "large_borrowing_threshold": lazy_pgettext("audit field", "Threshold of a large borrowing"),
    "allocation_time_weighted": lazy_pgettext(
        "audit field", "Allocation weighted by the time in the year"
    ),
    "governing_law": lazy_pgettext("audit field", "Governing law"),
    "details": lazy_pgettext("audit field", "Details"),
    "property_amount": lazy_pgettext("audit field", "Value of the property"),
    "borrowing_amount": lazy_pgettext("audit field", "Amount borrowed"),
    "phone": lazy_pgettext("audit field", "Telephone"),
    "counterparty_id": lazy_pgettext("audit field", "Counterparty"),
    "client_id": lazy_pgettext("audit field", "Client"),
    "prefix": lazy_pgettext("audit field", "Token prefix"),
    "revoked": lazy_pgettext("audit field", "Revoked"),
    "password": lazy_pgettext("audit field", "Password"),
    "subject": lazy_pgettext("audit field", "Subject"),
    "read_at": lazy_pgettext("audit field", "Read"),
    "comment": lazy_pgettext("audit field", "Comment"),
    "reason": lazy_pgettext("audit field", "Reason"),
    "description": lazy_pgettext("audit field", "Description"),
    # dates
    "admitted_on": lazy_pgettext("audit field", "Admitted on"),
    "withdrawn_on": lazy_pgettext("audit field", "Withdrawn on"),
    "withdrawal_reason": lazy_pgettext("audit field", "Reason for withdrawal"),
    "date": lazy_pgettext("audit field", "Date"),
    "start_date": lazy_pgettext("audit field", "Start date"),
    "end_date": lazy_pgettext("audit field", "End date"),
    "starts_on": lazy_pgettext("audit field", "Starts on"),
    "ends_on": lazy_pgettext("audit field", "Ends on"),
    "signing_date": lazy_pgettext("audit field", "Signing date"),
    "transaction_date": lazy_pgettext("audit field", "Transaction date"),
    "received_on": lazy_pgettext("audit field", "Received on"),
    "distributed_on": lazy_pgettext("audit field", "Distributed on"),
    "refunded_on": lazy_pgettext("audit field", "Refunded on"),
    "filed_on": lazy_pgettext("audit field", "Filed on"),
    "deadline": lazy_pgettext("audit field", "Deadline"),
    "timestamp_expires_at": lazy_pgettext("audit field", "Time stamp valid until"),
    # money
    "amount": lazy_pgettext("audit field", "Amount"),
    "amount_jpy": lazy_pgettext("audit field", "Amount in yen"),
    "amount_excl_tax": lazy_pgettext("audit field", "Amount excluding tax"),
    "amount_incl_tax": lazy_pgettext("audit field", "Amount including tax"),
    "tax_amount": lazy_pgettext("audit field", "Consumption tax"),
    "value": lazy_pgettext("audit field", "Value"),
    "total": lazy_pgettext("audit field", "Total"),
    "agreed_amount": lazy_pgettext("audit field", "Agreed contribution"),
    "received_amount": lazy_pgettext("audit field", "Amount received"),
    "received": lazy_pgettext("audit field", "Amount received"),
    "net_income": lazy_pgettext("audit field", "Net income"),
    "allocation": lazy_pgettext("audit field", "Allocation to the partners"),
    "capital_balance": lazy_pgettext("audit field", "Capital account balance"),
    "capital_returned": lazy_pgettext("audit field", "Capital returned"),
    "limit": lazy_pgettext("audit field", "Limit"),
    "shares": lazy_pgettext("audit field", "Shares"),
    "currency": lazy_pgettext("audit field", "Currency"),
    "tax_treatment": lazy_pgettext("audit field", "Consumption tax treatment"),
    "valuation_basis": lazy_pgettext("audit field", "Valuation basis"),
    "return_of_capital": lazy_pgettext("audit field", "Return of capital"),
    "ratios": lazy_pgettext("audit field", "Profit and loss ratios"),
    "contribution_ratios": lazy_pgettext("audit field", "Contribution ratios"),
    "ratio_agreement_id": lazy_pgettext("audit field", "Profit and loss ratio agreement"),
    # documents and signing
    "doc_type": lazy_pgettext("audit field", "Document type"),
    "tags": lazy_pgettext("audit field", "Tags"),
    "version": lazy_pgettext("audit field", "Version"),
    "restricted_partner_ids": lazy_pgettext("audit field", "Restricted to"),
    "withdrawn_reason": lazy_pgettext("audit field", "Reason for withdrawal"),
    "document_id": lazy_pgettext("audit field", "Document"),
    "signed_document_id": lazy_pgettext("audit field", "Signed document"),
    "attachment_ids": lazy_pgettext("audit field", "Attachments"),
    "sha256": lazy_pgettext("audit field", "SHA-256 fingerprint"),
    "ocr_sha256": lazy_pgettext("audit field", "SHA-256 fingerprint"),
    "ocr_status": lazy_pgettext("audit field", "Text recognition"),
    "ocr_error": lazy_pgettext("audit field", "Error"),
    "text_status": lazy_pgettext("audit field", "Text"),
    "level": lazy_pgettext("audit field", "Signature level"),
    "purpose": lazy_pgettext("audit field", "Purpose"),
    # contracts, projects
    "contract_type": lazy_pgettext("audit field", "Contract type"),
    "language": lazy_pgettext("audit field", "Language"),
    "date_style": lazy_pgettext("audit field", "Date style"),
    "court": lazy_pgettext("audit field", "Agreed court"),
    "clauses": lazy_pgettext("audit field", "Clauses"),
    "parties": lazy_pgettext("audit field", "Parties"),
    "milestones": lazy_pgettext("audit field", "Milestones"),
    "participants": lazy_pgettext("audit field", "Participants"),
    "approved_by": lazy_pgettext("audit field", "Approved by"),
    "executed_by": lazy_pgettext("audit field", "Executed by"),
    "execution": lazy_pgettext("audit field", "Execution method"),
    "stamp_item": lazy_pgettext("audit field", "Stamp duty item"),
    "project_id": lazy_pgettext("audit field", "Project"),
    "document_ids": lazy_pgettext("audit field", "Documents"),
    "contract_ids": lazy_pgettext("audit field", "Contracts"),
    # resolutions
    "resolution_id": lazy_pgettext("audit field", "Resolution"),
    "matter": lazy_pgettext("audit field", "Matter"),
    "rule": lazy_pgettext("audit field", "Rule"),
    "rule_basis": lazy_pgettext("audit field", "Basis of the rule"),
    "base": lazy_pgettext("audit field", "Partners entitled to vote"),
    "required": lazy_pgettext("audit field", "Votes required"),
    "voters": lazy_pgettext("audit field", "Voters"),
    "delivered_to": lazy_pgettext("audit field", "Delivered to"),
    "vote": lazy_pgettext("audit field", "Vote"),
    "tally": lazy_pgettext("audit field", "Tally"),
    "close_reason": lazy_pgettext("audit field", "Why it closed"),
    "corrected_by": lazy_pgettext("audit field", "Corrected by invoice"),
    "notified": lazy_pgettext("audit field", "Notified"),
    "authority": lazy_pgettext("audit field", "Authority"),
    # ledger
    "number": lazy_pgettext("audit field", "Number"),
    "kind": lazy_pgettext("audit field", "Kind"),
    "lines": lazy_pgettext("audit field", "Lines"),
    "codes": lazy_pgettext("audit field", "Accounts"),
    "code": lazy_pgettext("audit field", "Account code"),
    "type": lazy_pgettext("audit field", "Account type"),
    "year": lazy_pgettext("audit field", "Fiscal year"),
    "reversal_entry_id": lazy_pgettext("audit field", "Reversing entry"),
    # jobs and the trail itself
    "state": lazy_pgettext("audit field", "State"),
    "error": lazy_pgettext("audit field", "Error"),
    "breaks": lazy_pgettext("audit field", "Breaks in the chain"),
}

# The same key means something else in another category.
IN_CATEGORY = {
    ("partner", "kind"): lazy_pgettext("audit field", "Kind of partner"),
    ("project", "kind"): lazy_pgettext("audit field", "Kind of project"),
    ("project", "value"): lazy_pgettext("audit field", "Contract value"),
    ("ledger", "kind"): lazy_pgettext("audit field", "Kind"),
    ("contract", "number"): lazy_pgettext("audit field", "Contract number"),
    ("invoice", "number"): lazy_pgettext("audit field", "Invoice number"),
    ("ledger", "number"): lazy_pgettext("audit field", "Entry number"),
    ("ledger", "type"): lazy_pgettext("audit field", "Account type"),
    ("token", "name"): lazy_pgettext("audit field", "Token name"),
}

# How a key's value reads; a key not named here reads by its value's shape.
KINDS = {
    **dict.fromkeys(("approved_by", "representative_user_id", "executed_by"), "user"),
    **dict.fromkeys(("partner_id", "subject_partner_id"), "partner"),
    **dict.fromkeys(("voters", "delivered_to", "restricted_partner_ids"), "partners"),
    **dict.fromkeys(("allocation", "capital_balance", "shares"), "partner_money"),
    **dict.fromkeys(("ratios", "contribution_ratios"), "partner_ratio"),
    **dict.fromkeys(("counterparty_id", "client_id"), "counterparty"),
    **dict.fromkeys(
        (
            "amount",
            "amount_jpy",
            "amount_excl_tax",
            "amount_incl_tax",
            "tax_amount",
            "value",
            "total",
            "agreed_amount",
            "received_amount",
            "received",
            "net_income",
            "capital_returned",
            "limit",
            "important_property_threshold",
            "large_borrowing_threshold",
            "property_amount",
            "borrowing_amount",
        ),
        "money",
    ),
    **dict.fromkeys(
        (
            "admitted_on",
            "withdrawn_on",
            "date",
            "start_date",
            "end_date",
            "starts_on",
            "ends_on",
            "signing_date",
            "transaction_date",
            "received_on",
            "distributed_on",
            "refunded_on",
            "filed_on",
            "effective_date",
            "composition_cure",
        ),
        "date",
    ),
    **dict.fromkeys(("deadline", "read_at", "timestamp_expires_at"), "datetime"),
    **dict.fromkeys(("sha256", "ocr_sha256"), "fingerprint"),
    **dict.fromkeys(
        (
            "document_id",
            "signed_document_id",
            "resolution_id",
            "project_id",
            "ratio_agreement_id",
            "reversal_entry_id",
            "corrected_by",
        ),
        "ref",
    ),
    "year": "text",
    "fiscal_year_start_month": "month",
    "country": "country",
    "version": "version",
    "tally": "tally",
    "lines": "lines",
    "milestones": "milestones",
    "participants": "participants",
    "clauses": "clauses",
    "resolution_rules": "rules",
    "password": "hidden",
}


# Codes with no words of their own elsewhere (the domains keep these in templates or not at all).
_OWN_CODES: dict[str, dict[Any, Any]] = {
    "partner:status": {
        "active": lazy_pgettext("partner status", "Active"),
        "pending": _l("Pending admission"),
        "withdrawn": lazy_pgettext("partner status", "Withdrawn"),
        "expelled": _l("Expelled"),
    },
    "ledger:status": {
        "open": lazy_pgettext("fiscal year", "Open"),
        "closed": lazy_pgettext("audit value", "Closed"),
    },
    "invoice:status": {
        "issued": lazy_pgettext("audit value", "Issued"),
        "corrected": lazy_pgettext("audit value", "Corrected"),
        "cancelled": lazy_pgettext("audit value", "Cancelled"),
    },
    "job:state": {
        "queued": lazy_pgettext("job", "Queued"),
        "running": lazy_pgettext("job", "Running"),
        "done": lazy_pgettext("job", "Done"),
        "failed": lazy_pgettext("job", "Failed"),
    },
    "rule_basis": {
        "statute_or_agreement": _l("the Act or the agreement"),
        "agreement": _l("the partnership agreement"),
        "outside_ord5_band": _l("outside the band of Ordinance article 5"),
    },
    "close_reason": {"decided": _l("every vote decided it"), "deadline": _l("the deadline")},
    "date_style": {"wareki": _l("Japanese era"), "western": _l("Western calendar")},
    "filing": {
        "financial_statements": _l("Financial statements"),
        "partner_income": _l("Partners' income statements"),
    },
    "legal_form": {"jp_llp": _l("Japanese LLP (有限責任事業組合)"), "other": _l("Other")},
    "purpose": {
        "ledger:statements": _l("issued statements"),
        "contract:approved": _l("approved contract"),
        "agreement:executed": _l("executed agreement"),
        "minutes": _l("minutes"),
    },
}


@cache
def code_words() -> dict[str, dict[Any, Any]]:
    """{"<category>:<field>" or "<field>": {code: words}}: the domains' own labels for the codes
    the log stores (read once; the lazy strings translate when shown)."""
    # The page reads the domains' words; the audit package loads no domain when imported.
    from llp_gov.contracts import forms as contract_forms  # noqa: PLC0415 (see above)
    from llp_gov.contracts.labels import STATUS_LABELS as CONTRACT  # noqa: PLC0415 (see above)
    from llp_gov.documents.labels import TYPE_LABELS as DOC_TYPES  # noqa: PLC0415 (see above)
    from llp_gov.ledger.labels import LABELS as LEDGER  # noqa: PLC0415 (see above)
    from llp_gov.orgs.forms import role_choices  # noqa: PLC0415 (see above)
    from llp_gov.partners.forms import KIND_CHOICES as PARTNER_KINDS  # noqa: PLC0415 (see above)
    from llp_gov.projects import forms as project_forms  # noqa: PLC0415 (see above)
    from llp_gov.projects.workflow import STATUS_LABELS as PROJECT  # noqa: PLC0415 (see above)
    from llp_gov.resolutions import rules  # noqa: PLC0415 (see above)
    from llp_gov.resolutions import views as resolution_views  # noqa: PLC0415 (see above)

    return {
        **_OWN_CODES,
        "project:status": PROJECT,
        "project:kind": dict(project_forms.KIND_CHOICES),
        "project:role": dict(project_forms.ROLE_CHOICES),
        "contract:status": CONTRACT,
        "contract:contract_type": contract_forms.TYPE_LABELS,
        "contract:language": contract_forms.LANGUAGE_LABELS,
        "contract:tax_treatment": contract_forms.TAX_LABELS,
        "resolution:status": resolution_views.STATUS_LABELS,
        "board:status": resolution_views.STATUS_LABELS,
        "vote": resolution_views.VOTE_LABELS,
        "matter": {k: m.label for k, m in rules.MATTERS.items()},
        "rule": rules.RULE_LABELS,
        "partner:kind": dict(PARTNER_KINDS),
        "membership:role": dict(role_choices()),
        "member:role": dict(role_choices()),
        "doc_type": DOC_TYPES,
        "ledger:kind": {
            **LEDGER["entry_kind"],
            **LEDGER["contribution_kind"],
            **_OWN_CODES["filing"],
        },
        "ledger:type": LEDGER["account_type"],
        "valuation_basis": LEDGER["valuation_basis"],
    }
