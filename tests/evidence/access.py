from tests.access import EVERYONE, Rule


def approval_event(world):
    """The audit event of a contract approval by the chairman."""
    from sqlalchemy import select

    from llp_gov.audit.models import AuditEvent
    from llp_gov.extensions import db
    from tests.contracts.access import approved

    approved(world)
    event_id = db.session.scalar(
        select(AuditEvent.id).where(AuditEvent.tag == "contract:approved").order_by(AuditEvent.id)
    )
    return {"event_id": event_id}


# Chairman: audit:read and the actor; admin: audit:read.
READERS = {"chairman", "admin"}

RULES = {
    ("GET", "evidence.certificate"): Rule(
        "/o/{slug}/evidence/{event_id}", READERS, params=approval_event
    ),
    ("GET", "evidence.certificate_pdf"): Rule(
        "/o/{slug}/evidence/{event_id}/pdf", READERS, params=approval_event
    ),
    ("GET", "evidence.verify"): Rule(
        "/verify?hash=" + "0" * 64, EVERYONE, public=True, org_scoped=False
    ),
    ("POST", "evidence.verify"): Rule("/verify", EVERYONE, public=True, org_scoped=False),
    ("GET", "evidence_api.Evidence"): Rule(
        "/api/v1/orgs/{slug}/evidence/{event_id}", READERS, api=True, params=approval_event
    ),
}
