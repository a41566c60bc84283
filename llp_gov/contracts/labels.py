"""Translated names of the contract statuses and the refusal of each impossible status change."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

STATUS_LABELS = {
    "draft": lazy_pgettext("contract status", "Draft"),
    "in_review": _l("In review"),
    "approved": _l("Approved"),
    "signed": _l("Signed"),
    "active": lazy_pgettext("contract status", "Active"),
    "expired": _l("Expired"),
    "terminated": _l("Terminated"),
}

# Target status -> why the change is refused when the contract is not in a status that leads there.
REFUSALS = {
    "in_review": _l("Only a draft can be submitted for approval."),
    "draft": _l("Only a contract in review can be sent back."),
    "approved": _l("Only a contract in review can be approved."),
    "signed": _l("Only an approved contract can be signed."),
    "active": _l("Only a signed contract can be put into effect."),
    "expired": _l("Only an active contract can expire."),
    "terminated": _l("Only a signed or active contract can be terminated."),
}
