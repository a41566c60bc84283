"""Words for the documents' stored codes (document types), so pages and files never show a
code such as `delivery_note`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

TYPE_LABELS = {
    "contract": lazy_pgettext("document type", "Contract"),
    "agreement": _l("Agreement"),
    "minutes": _l("Minutes"),
    "invoice": _l("Invoice"),
    "quotation": _l("Quotation"),
    "order": _l("Purchase order"),
    "delivery_note": _l("Delivery note"),
    "receipt": _l("Receipt"),
    "other": _l("Other"),
}
