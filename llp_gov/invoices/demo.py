"""Demo registrations after the governance story: the partner the demo admits after the effective
date (resolutions demo) is registered as a qualified invoice issuer (Consumption Tax Act 57-2)
from its admission date through the service, so the demo can keep issuing invoices (runs after
the resolutions demo: DOMAIN_DEMOS)."""

from __future__ import annotations

from sqlalchemy import select

from llp_gov.db import db
from llp_gov.invoices import services as invoices
from llp_gov.invoices.models import InvoiceRegistration
from llp_gov.orgs.services import today_in
from llp_gov.partners.models import Partner


def load(ctx) -> None:
    org, acc = ctx["klic"], ctx["users"]["accountant"]
    registered = set(
        db.session.scalars(
            select(InvoiceRegistration.partner_id).where(
                InvoiceRegistration.organisation_id == org.id
            )
        )
    )
    partners = db.session.scalars(
        select(Partner).where(Partner.organisation_id == org.id, Partner.status == "active")
    )
    for partner in partners:
        if partner.id not in registered and partner.invoice_number:
            invoices.register_partner(
                actor=acc,
                organisation=org,
                partner_id=partner.id,
                t_number=partner.invoice_number,
                registered_from=today_in(org),
            )
