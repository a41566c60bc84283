"""How the audit page reads: tags as words, targets as links (issue 14; names: changes.py).

Tags stay codes in the log (they are hashed into the chain); only the page translates them:
the category (the part before the first colon) and the action (the last part) each have a
word, and a tag without one shows its code."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from werkzeug.routing import BuildError

CATEGORIES = {
    "org": _l("Organisation"),
    "partner": _l("Partners"),
    "member": _l("Users"),
    "membership": _l("Users"),
    "user": _l("Users"),
    "token": _l("API tokens"),
    "counterparty": _l("Counterparties"),
    "document": _l("Documents"),
    "ledger": _l("Books"),
    "contract": _l("Contracts"),
    "project": _l("Projects"),
    "resolution": _l("Resolutions"),
    "board": _l("Written resolutions"),
    "invoice": _l("Invoices"),
    "signing": _l("Signatures"),
    "notification": _l("Notifications"),
    "audit": _l("Audit trail"),
    "job": _l("Background jobs"),
}

ACTIONS = {
    "create": _l("created"),
    "update": _l("changed"),
    "upload": _l("uploaded"),
    "withdraw": _l("withdrawn"),
    "admit": _l("admitted"),
    "expel": _l("expelled"),
    "open": _l("opened"),
    "close": _l("closed"),
    "vote": _l("vote cast"),
    "post": _l("entry posted"),
    "reverse": _l("entry reversed"),
    "reopen": _l("reopened"),
    "record": _l("recorded"),
    "payment": _l("payment recorded"),
    "adopt": _l("adopted"),
    "refund": _l("share refunded"),
    "sign": _l("signed"),
    "send": _l("sent"),
    "read": _l("read"),
    "invite": _l("invited"),
    "remove": _l("removed"),
    "revoke": _l("revoked"),
    "issue": lazy_pgettext("audit action", "issued"),
    "amend": _l("agreement amended"),
    "settings": _l("settings changed"),
    "effective": _l("effective date recorded"),
    "seed": _l("chart of accounts set up"),
    "redact": _l("redacted"),
    "verify": lazy_pgettext("audit action", "verified"),
    "password": _l("password changed"),
    "profile": _l("profile changed"),
    # project workflow (project:{action})
    "submit": lazy_pgettext("audit action", "submitted"),
    "approve": _l("approved"),
    "reject": _l("rejected"),
    "request_changes": _l("changes requested"),
    "start": _l("started"),
    "complete": _l("completed"),
    "cancel": lazy_pgettext("audit action", "cancelled"),
    # contract statuses (contract:{status})
    "draft": _l("sent back to draft"),
    "in_review": _l("submitted for review"),
    "approved": _l("approved"),
    "signed": _l("signed"),
    "active": _l("put into effect"),
    "expired": _l("expired"),
    "terminated": _l("terminated"),
    "renewal": _l("renewal terms set"),
    "renewed": _l("renewed"),
    "execution": _l("execution method set"),
    # documents, ledger, board, invoices, jobs, signing
    "add": _l("new version added"),
    "ocr": _l("read by OCR"),
    "failed": _l("failed"),
    "request": _l("requested"),
    "prepared": _l("prepared"),
    "adopted": _l("adopted"),
    "rejected": _l("rejected"),
    "propose": _l("proposed"),
    "opened": _l("opened by the recipient"),
    "notice": _l("notice recorded"),
    "registration": _l("registration recorded"),
    "retry": _l("retried"),
    "restamp": _l("time stamp renewed"),
    "accept_invitation": _l("invitation accepted"),
    "composition_cure": _l("cure of the partners' composition recorded"),
    "expulsion_notice": _l("expulsion notice recorded"),
}

# target table -> (endpoint, its id argument)
TARGET_LINKS = {
    "partners": ("partners.detail", "partner_id"),
    "documents": ("documents.detail", "document_id"),
    "projects": ("projects.detail", "project_id"),
    "resolutions": ("resolutions.detail", "resolution_id"),
    "contracts": ("contracts.detail", "contract_id"),
    "ledger_entries": ("ledger.entry", "entry_id"),
}

TARGET_LABELS = {
    "partners": _l("Partner"),
    "documents": _l("Document"),
    "document_versions": _l("Document version"),
    "projects": _l("Project"),
    "resolutions": _l("Resolution"),
    "contracts": _l("Contract"),
    "ledger_entries": _l("Journal entry"),
    "ledger_accounts": _l("Account"),
    "ledger_fiscal_years": _l("Fiscal year"),
    "counterparties": _l("Counterparty"),
    "memberships": _l("Role"),
    "organisations": _l("Organisation"),
    "users": _l("User"),
    "api_tokens": _l("API token"),
    "audit_events": _l("Audit trail"),
    "signed_pdfs": _l("Signed PDF"),
    "notifications": _l("Notification"),
    "invitations": _l("Invitation"),
    "invoices": _l("Invoice"),
    "invoice_registrations": _l("Invoice issuer registration"),
    "invoice_notices": _l("Notice of invoice registration"),
    "ledger_contributions": _l("Contribution"),
    "ledger_contribution_payments": _l("Contribution payment"),
    "ledger_distributions": _l("Distribution"),
    "ledger_ratio_agreements": _l("Profit and loss ratios"),
    "ledger_statement_filings": _l("Statements"),
    "board_notices": _l("Convening notice"),
    "board_proxy_votes": _l("Proxy vote"),
    "board_minutes": _l("Minutes"),
    "agreement_signatures": _l("Signature of the agreement"),
    "calendar_tokens": _l("Calendar link"),
    "contract_reminders": _l("Contract reminder"),
    "jobs": _l("Background job"),
}

NOTIFICATIONS = "notification"


def category_of(tag: str) -> str:
    """The category code of a tag: the part before its first colon ("partner:update" ->
    "partner")."""
    return tag.split(":", 1)[0]


def tag_words(tag: str) -> str:
    """'partner:withdraw' -> 'Partners: withdrawn' in the reader's language."""
    parts = tag.split(":")
    category = CATEGORIES.get(parts[0])
    action = ACTIONS.get(parts[-1])
    if category is None or action is None:
        return tag
    return f"{category}: {action}"


def target_link(slug: str, target_type: str | None, target_id: str | None) -> str | None:
    """The page of the event's target, or None when it has none."""
    if target_type is None or target_type not in TARGET_LINKS:
        return None
    if target_id is None or not target_id.isdigit():
        return None
    endpoint, arg = TARGET_LINKS[target_type]
    values: dict[str, Any] = {"slug": slug, arg: int(target_id)}
    try:
        return url_for(endpoint, **values)
    except BuildError:  # a domain not installed
        return None


def target_label(target_type: str | None) -> str:
    """The translated word for an event's target table ("partners" -> "Partner"), the table
    name itself when it has none, "" for no target."""
    if not target_type:
        return ""
    return str(TARGET_LABELS.get(target_type, target_type))
