"""Record how the actor of an approval, vote or signature signed in, as its audit event is
written (a mapper hook: the audit area's code stays as it is)."""

from __future__ import annotations

from flask import has_request_context, request, session
from sqlalchemy import event, insert

from llp_gov.audit.models import AuditEvent
from llp_gov.evidence.models import SignInRecord

# Audit tags whose events get a certificate of evidence (approvals, votes, signatures, consents).
WORDS = ("approve", "vote", "sign", "consent", "proxy", "minutes")


def is_evidence_tag(tag: str) -> bool:
    """Whether an audit event of this tag gets a certificate of evidence (approvals, votes,
    signatures: its tag contains one of WORDS)."""
    return any(word in tag for word in WORDS)


def sign_in_method() -> str | None:
    """How the current request's user signed in: api_token, password_session (a sign-in with
    the password in this session) or remembered_session (Flask-Login's remember cookie)."""
    if not has_request_context():
        return None
    if request.path.startswith("/api/"):
        return "api_token"
    return "password_session" if session.get("_fresh") else "remembered_session"


@event.listens_for(AuditEvent, "after_insert")
def _after_insert(mapper, connection, target: AuditEvent) -> None:
    if target.actor_id is None or not is_evidence_tag(target.tag):
        return
    method = sign_in_method()
    if method is not None:
        connection.execute(insert(SignInRecord).values(event_id=target.id, method=method))
