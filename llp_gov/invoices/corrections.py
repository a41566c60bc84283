"""Correcting and cancelling qualified invoices.

An issuer who finds an error in a qualified invoice it delivered must deliver a corrected one
(修正した適格請求書, 消費税法 57条の4第4項; 第5項 for the electronic form). Here the corrected
invoice is a new invoice with the next number, the full corrected contents and a reference to
the original (`corrects_id`, printed on it); the original keeps its number, its PDF stays as
issued, and it is marked "corrected" with the reason. Its journal entry is reversed and the
corrected invoice posts its own. An invoice issued in error (no transaction) is cancelled: marked
"cancelled" with the reason, its entry reversed, nothing deleted (電子帳簿保存法: the issued
record is kept). Sources: https://laws.e-gov.go.jp/law/363AC0000000108 (57条の4),
https://www.nta.go.jp/taxes/shiraberu/zeimokubetsu/shohi/keigenzeiritsu/invoice_about.htm
(お問合せの多いご質問: 修正した適格請求書の交付方法).
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.db import db, get_in_org, utcnow
from llp_gov.errors import Conflict, ValidationError
from llp_gov.invoices.models import Invoice
from llp_gov.invoices.services import issue_invoice
from llp_gov.ledger import services as ledger
from llp_gov.ledger.models import JournalEntry

STATUS_WORDS = {"issued": _l("issued"), "corrected": _l("corrected"), "cancelled": _l("cancelled")}


def _open_invoice(organisation, invoice_id: int, reason: str | None) -> tuple[Invoice, str]:
    invoice = get_in_org(Invoice, invoice_id, organisation)
    reason = (reason or "").strip()
    if invoice.status != "issued":
        raise Conflict(
            _(
                "Invoice %(n)s is already %(status)s.",
                n=invoice.number,
                status=STATUS_WORDS[invoice.status],
            )
        )
    if not reason:
        raise ValidationError(reason=_("Say why the invoice changes."))
    return invoice, reason[:400]


def _reverse(*, actor, organisation, invoice: Invoice, on: dt.date, reason: str) -> None:
    if invoice.entry_id is None:
        return
    entry = db.session.get(JournalEntry, invoice.entry_id)
    if entry is not None:
        ledger.reverse_entry(
            actor=actor, organisation=organisation, entry=entry, on=on, reason=reason
        )


def correct_invoice(
    *,
    actor,
    organisation,
    invoice_id: int,
    items: list[dict],
    reason: str,
    transaction_date: dt.date | None = None,
    issued_on: dt.date | None = None,
) -> Invoice:
    """Issue the corrected invoice of `invoice_id` (修正インボイス): same issuing partner and
    counterparty, `items` as for issue_invoice ([{"description", "quantity", "unit_price" in
    yen tax excluded, "rate" 10|8}]), the original's transaction date unless given; the
    original is marked "corrected" and its journal entry reversed on the corrected invoice's
    issue date (a legal-zone date, default the transaction date).

    Raises NotFound (another organisation's invoice), Conflict (already corrected or
    cancelled), ValidationError (reason, items.N, or the 消費税法 57条の6 refusal naming the
    unregistered partners)."""
    policy.require(actor, organisation, "ledger:post")
    original, reason = _open_invoice(organisation, invoice_id, reason)
    corrected = issue_invoice(
        actor=actor,
        organisation=organisation,
        issuing_partner_id=original.issuing_partner_id,
        counterparty_id=original.counterparty_id,
        transaction_date=transaction_date or original.transaction_date,
        items=items,
        reference=original.reference,
        issued_on=issued_on,
        corrects=original,
    )
    _reverse(
        actor=actor,
        organisation=organisation,
        invoice=original,
        on=corrected.issued_on,
        reason=f"請求書 No.{original.number} 修正 → No.{corrected.number}: {reason}",
    )
    original.status, original.reason, original.changed_at = "corrected", reason, utcnow()
    db.session.flush()
    audit.record(
        tag="invoice:amend",
        actor=actor,
        organisation_id=organisation.id,
        target=original,
        diff={"status": ["issued", "corrected"], "corrected_by": [None, corrected.number],
              "reason": [None, reason]},
    )  # fmt: skip
    return corrected


def cancel_invoice(
    *, actor, organisation, invoice_id: int, reason: str, on: dt.date | None = None
) -> Invoice:
    """Cancel an invoice issued in error: marked "cancelled" with `reason`, its journal entry
    reversed on `on` (a legal-zone date, default the transaction date); its PDF and number stay.

    Raises NotFound, Conflict (already corrected or cancelled), ValidationError (reason)."""
    policy.require(actor, organisation, "ledger:post")
    invoice, reason = _open_invoice(organisation, invoice_id, reason)
    _reverse(
        actor=actor,
        organisation=organisation,
        invoice=invoice,
        on=on or invoice.transaction_date,
        reason=f"請求書 No.{invoice.number} 取消: {reason}",
    )
    invoice.status, invoice.reason, invoice.changed_at = "cancelled", reason, utcnow()
    db.session.flush()
    audit.record(
        tag="invoice:cancel",
        actor=actor,
        organisation_id=organisation.id,
        target=invoice,
        diff={"status": ["issued", "cancelled"], "reason": [None, reason]},
    )
    return invoice
