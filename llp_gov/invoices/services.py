"""Qualified invoices (適格請求書).

An LLP may issue qualified invoices only when every partner is a registered issuer and the notice
that all partners are registered has been filed (消費税法 57条の6第1項; from the day an
unregistered partner joins or a registration lapses, it cannot). Any partner may issue the invoice
with its name and T-number and the LLP's name. The invoice states the transaction date, the items,
the amount and tax per rate, with one rounding (down) per invoice per rate (消費税法 57条の4第1項;
消費税法施行令 70条の10). Sources: https://laws.e-gov.go.jp/law/363AC0000000108 ,
https://www.nta.go.jp/taxes/shiraberu/zeimokubetsu/shohi/keigenzeiritsu/invoice_about.htm .
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from flask import current_app
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from llp_gov import readcache
from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.counterparties.models import Counterparty
from llp_gov.db import db, get_in_org
from llp_gov.documents import services as documents
from llp_gov.errors import ValidationError
from llp_gov.invoices.models import Invoice, InvoiceItem, InvoiceNotice, InvoiceRegistration
from llp_gov.ledger import services as ledger
from llp_gov.pagination import Page, paginate
from llp_gov.partners.identifiers import is_valid_invoice_number, normalise_number
from llp_gov.partners.models import Partner
from llp_gov.pdf.render import render_pdf

RATES = (10, 8)
RECEIVABLE, REVENUE = "135", "410"


def register_partner(
    *, actor, organisation, partner_id: int, t_number: str, registered_from, registered_to=None
) -> InvoiceRegistration:
    """Record a partner's issuer registration: `t_number` "T" + 13 digits with the corporate
    number check digit; dates are legal-zone dates (`registered_to` when it lapsed or was
    cancelled). Raises ValidationError (t_number, registered_to) or NotFound (partner)."""
    policy.require(actor, organisation, "ledger:post")
    partner = get_in_org(Partner, partner_id, organisation)
    number = normalise_number(t_number) or ""
    if not is_valid_invoice_number(number):
        raise ValidationError(
            t_number=_("A registration number is T and 13 digits with a valid check digit.")
        )
    if registered_to is not None and registered_to < registered_from:
        raise ValidationError(registered_to=_("The end date is before the start date."))
    row = InvoiceRegistration(
        organisation_id=organisation.id,
        partner_id=partner.id,
        t_number=number,
        registered_from=registered_from,
        registered_to=registered_to,
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        tag="invoice:registration",
        actor=actor,
        organisation_id=organisation.id,
        target=row,
        diff={"partner_id": [None, partner.id], "t_number": [None, number]},
    )
    return row


def record_notice(*, actor, organisation, filed_on: dt.date) -> InvoiceNotice:
    """Record the filing date of the notice that all partners are registered issuers."""
    policy.require(actor, organisation, "ledger:post")
    row = db.session.scalar(
        select(InvoiceNotice).where(InvoiceNotice.organisation_id == organisation.id)
    )
    old = row.filed_on if row else None
    if row is None:
        row = InvoiceNotice(organisation_id=organisation.id, filed_on=filed_on)
        db.session.add(row)
    row.filed_on = filed_on
    db.session.flush()
    audit.record(
        tag="invoice:notice",
        actor=actor,
        organisation_id=organisation.id,
        target=row,
        diff={"filed_on": [str(old) if old else None, str(filed_on)]},
    )
    return row


def registration_on(partner_id: int, on: dt.date) -> InvoiceRegistration | None:
    """The partner's issuer registration valid on `on` (a legal-zone date), or None."""
    return db.session.scalar(
        select(InvoiceRegistration)
        .where(
            InvoiceRegistration.partner_id == partner_id,
            InvoiceRegistration.registered_from <= on,
            (InvoiceRegistration.registered_to.is_(None))
            | (InvoiceRegistration.registered_to >= on),
        )
        .order_by(InvoiceRegistration.registered_from.desc())
        .limit(1)
    )


def registered_on(partner_ids: list[int], on: dt.date) -> set[int]:
    """The partners among `partner_ids` with an issuer registration valid on `on`, in one query
    (the invoices page asked once per partner)."""
    if not partner_ids:
        return set()
    return set(
        db.session.scalars(
            select(InvoiceRegistration.partner_id).where(
                InvoiceRegistration.partner_id.in_(partner_ids),
                InvoiceRegistration.registered_from <= on,
                (InvoiceRegistration.registered_to.is_(None))
                | (InvoiceRegistration.registered_to >= on),
            )
        )
    )


def partners_on(organisation, on: dt.date) -> list[Partner]:
    """The partners in the LLP on `on`: admitted by then, not withdrawn, not pending (read once
    per request and date: the invoices page asks for its forms and for its problems)."""

    def compute() -> list[Partner]:
        partners = db.session.scalars(
            select(Partner)
            .where(Partner.organisation_id == organisation.id, Partner.status != "pending")
            .order_by(Partner.position, Partner.id)
        )
        return [
            p
            for p in partners
            if (p.admitted_on is None or p.admitted_on <= on)
            and (p.withdrawn_on is None or p.withdrawn_on > on)
        ]

    return readcache.cached(("invoices.partners_on", organisation.id, on), compute)


def problems(organisation, on: dt.date) -> list[str]:
    """Why the LLP cannot issue a qualified invoice on `on` (empty when it can)."""
    out = []
    # Shown on the page in the reader's language (the invoice PDF itself names the legal name).
    locale = str(get_locale())
    partners = partners_on(organisation, on)
    registered = registered_on([p.id for p in partners], on)
    unregistered = [p.display_name(locale) for p in partners if p.id not in registered]
    if unregistered:
        out.append(
            _(
                "These partners are not registered issuers on %(date)s: %(names)s.",
                date=format_date(on),
                names=", ".join(unregistered),
            )
        )
    notice = db.session.scalar(
        select(InvoiceNotice).where(InvoiceNotice.organisation_id == organisation.id)
    )
    if notice is None or notice.filed_on > on:
        out.append(
            _(
                "The notice that all partners are registered issuers has not been filed by %(date)s.",
                date=format_date(on),
            )
        )
    return out


def tax_by_rate(items: list[dict]) -> dict[int, dict[str, int]]:
    """{rate: {"amount", "tax"}}: amounts (tax excluded) added per rate, then the tax rounded
    down once per rate (消費税法施行令 70条の10)."""
    out: dict[int, dict[str, int]] = {}
    for item in items:
        r = out.setdefault(item["rate"], {"amount": 0, "tax": 0})
        r["amount"] += item["amount"]
    for rate, r in out.items():
        r["tax"] = r["amount"] * rate // 100
    return out


def _clean_items(items) -> list[dict]:
    if not items:
        raise ValidationError(items=_("Add at least one item."))
    out = []
    for i, item in enumerate(items):
        try:
            quantity, price = int(item.get("quantity", 1)), int(item["unit_price"])
            rate = int(item.get("rate", 10))
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                **{f"items.{i}": _("Give a quantity, a unit price in yen and a rate.")}
            ) from None
        description = (item.get("description") or "").strip()
        if not description or quantity <= 0 or price < 0 or rate not in RATES:
            raise ValidationError(
                **{
                    f"items.{i}": _(
                        "Each item needs a description, a quantity above 0, a price and a rate of 10 or 8."
                    )
                }
            )
        out.append(
            {"description": description[:200], "quantity": quantity, "unit_price": price,
             "rate": rate, "amount": quantity * price}
        )  # fmt: skip
    return out


def issue_invoice(
    *,
    actor,
    organisation,
    issuing_partner_id: int,
    counterparty_id: int,
    transaction_date: dt.date,
    items: list[dict],
    reference: str | None = None,
    issued_on: dt.date | None = None,
    corrects: Invoice | None = None,
) -> Invoice:
    """Issue a qualified invoice: numbered per organisation, the issuing partner's name and
    T-number with the LLP's name, tax per rate rounded once; rendered as PDF, stored as a
    document with its Electronic Bookkeeping Act keys (date, amount, counterparty) and posted
    to accounts receivable (135) against commission revenue (410), tax included.

    `items`: [{"description", "quantity", "unit_price" (yen, tax excluded), "rate" (10|8)}].
    `corrects`: the invoice this one corrects (修正インボイス; use corrections.correct_invoice,
    which also marks the original).
    Raises ValidationError naming the unregistered partners or the missing notice (消費税法
    57条の6), bad items (items.N), NotFound for a partner or counterparty of another
    organisation."""
    policy.require(actor, organisation, "ledger:post")
    partner = get_in_org(Partner, issuing_partner_id, organisation)
    counterparty = get_in_org(Counterparty, counterparty_id, organisation)
    lines = _clean_items(items)
    issued_on = issued_on or transaction_date
    blocking = problems(organisation, transaction_date)
    if blocking:
        raise ValidationError(
            _(
                "A qualified invoice cannot be issued (Consumption Tax Act 57-6): %(why)s",
                why=" ".join(blocking),
            ),
            issuing_partner_id=_("Not every partner is a registered issuer."),
        )
    registration = registration_on(partner.id, transaction_date)
    if registration is None:  # the issuing partner left the LLP before the transaction date
        raise ValidationError(issuing_partner_id=_("Not every partner is a registered issuer."))
    by_rate = tax_by_rate(lines)
    subtotal = sum(r["amount"] for r in by_rate.values())
    tax = sum(r["tax"] for r in by_rate.values())
    number = (
        db.session.scalar(
            select(func.max(Invoice.number)).where(Invoice.organisation_id == organisation.id)
        )
        or 0
    ) + 1
    invoice = Invoice(
        organisation_id=organisation.id, number=number, issued_on=issued_on,
        transaction_date=transaction_date, counterparty_id=counterparty.id,
        issuing_partner_id=partner.id, t_number=registration.t_number, reference=reference,
        subtotal=subtotal, tax=tax, total=subtotal + tax, created_by_id=getattr(actor, "id", None),
        corrects_id=corrects.id if corrects is not None else None,
    )  # fmt: skip
    invoice.corrects = corrects
    kind = f"修正適格請求書（No.{corrects.number}を修正）" if corrects is not None else "適格請求書"
    invoice.items = [InvoiceItem(position=i + 1, **line) for i, line in enumerate(lines)]
    db.session.add(invoice)
    db.session.flush()
    pdf = render_invoice_pdf(invoice, organisation=organisation, partner=partner,
                             counterparty=counterparty, by_rate=by_rate)  # fmt: skip
    doc = documents.create_document(
        actor=actor, organisation=organisation, title=f"{kind} No.{number} {counterparty.name}",
        doc_type="invoice", data=pdf, filename=f"invoice-{number}.pdf",
        counterparty_id=counterparty.id, transaction_date=transaction_date, amount=invoice.total,
    )  # fmt: skip
    entry = ledger.post_entry(
        actor=actor, organisation=organisation, entry_date=transaction_date,
        description=f"請求書 No.{number} {counterparty.name}", counterparty_id=counterparty.id,
        document_id=doc.id,
        lines=[{"account": RECEIVABLE, "debit": invoice.total, "credit": 0},
               {"account": REVENUE, "debit": 0, "credit": invoice.total}],
    )  # fmt: skip
    invoice.document_id, invoice.entry_id = doc.id, entry.id
    db.session.flush()
    audit.record(
        tag="invoice:issue",
        actor=actor,
        organisation_id=organisation.id,
        target=invoice,
        diff={"number": [None, number], "total": [None, invoice.total]},
    )
    return invoice


def render_invoice_pdf(invoice, *, organisation, partner, counterparty, by_rate) -> bytes:
    """The invoice as PDF bytes (packaged fonts; document dates fixed to the issue date)."""
    html = current_app.jinja_env.get_template("invoices/invoice_print.html").render(
        invoice=invoice, org=organisation, partner=partner, counterparty=counterparty,
        by_rate=by_rate, lang="ja",
    )  # fmt: skip
    issued = dt.datetime.combine(invoice.issued_on, dt.time(), tzinfo=dt.UTC)
    return render_pdf(
        html,
        metadata={"title": f"適格請求書 No.{invoice.number}", "lang": "ja",
                  "created": issued, "modified": issued},
    )  # fmt: skip


def page_of_invoices(*, actor, organisation, page: int = 1, per_page: int = 50) -> Page:
    """One page (1-based) of the organisation's invoices, newest number first, with the
    invoice each corrects loaded in one query. Raises PermissionDenied (needs ledger:read)."""
    policy.require(actor, organisation, "ledger:read")
    stmt = (
        select(Invoice)
        .where(Invoice.organisation_id == organisation.id)
        .order_by(Invoice.number.desc())
        .options(selectinload(Invoice.corrects))
    )
    return paginate(stmt, page=page, per_page=per_page, count=False)


def list_invoices(*, actor, organisation) -> list[Invoice]:
    """The organisation's invoices, newest number first (corrected and cancelled ones included, with their status). Raises PermissionDenied (needs ledger:read)."""
    policy.require(actor, organisation, "ledger:read")
    return list(
        db.session.scalars(
            select(Invoice)
            .where(Invoice.organisation_id == organisation.id)
            .order_by(Invoice.number.desc())
        )
    )


def counterparty_names(
    organisation, invoices: Iterable[Invoice], locale: str | None
) -> dict[int, str]:
    """{counterparty id: its name in the reader's language (Counterparty.display_name; the
    legal name where none is entered)} for the invoices' counterparties, archived ones too."""
    ids = {inv.counterparty_id for inv in invoices}
    if not ids:
        return {}
    rows = db.session.scalars(
        select(Counterparty).where(
            Counterparty.organisation_id == organisation.id, Counterparty.id.in_(ids)
        )
    )
    return {c.id: c.display_name(locale) for c in rows}
