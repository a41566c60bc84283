"""Votes cast by proxy (代理人) with the written proxy (委任状), recorded by the chairman."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.auth.models import User
from llp_gov.board.models import ProxyVote
from llp_gov.db import db, utcnow
from llp_gov.documents import services as documents
from llp_gov.errors import Conflict, ValidationError
from llp_gov.orgs.models import Organisation
from llp_gov.resolutions import services as resolutions
from llp_gov.resolutions.models import VOTES, Resolution, ResolutionVote


def proxies(resolution: Resolution) -> dict[int, ProxyVote]:
    """{partner id: its proxy vote} of the resolution."""
    rows = db.session.scalars(select(ProxyVote).where(ProxyVote.resolution_id == resolution.id))
    return {p.partner_id: p for p in rows}


def proxy_names(resolution: Resolution, **_kw) -> dict[int, str]:
    """The answer to resolutions' ``vote_proxies``: {partner id: the proxy who cast its vote}."""
    return {pid: p.proxy_name for pid, p in proxies(resolution).items()}


def record_proxy_vote(
    *,
    actor: User,
    organisation: Organisation,
    resolution: Resolution,
    partner_id: int | None,
    vote: str,
    proxy_name: str,
    data: bytes,
    filename: str,
) -> ResolutionVote:
    """The chairman records the vote a partner cast through its proxy, with the proxy document.

    ``partner_id``: an entitled partner of the resolution that has not voted yet; ``vote``: "for",
    "against" or "abstain" (in a resolution decided in writing, "for" is the partner's consent);
    ``data``/``filename``: the 委任状 file, stored as a document of the organisation (type
    "other"; its SHA-256 goes into the audit events, so the vote's certificate of evidence,
    llp_gov.evidence, names the document). The vote is the resolution's own vote
    (resolutions.services.record_vote, audited as resolution:vote with the proxy) and the proxy is
    audited as board:proxy:record. Raises PermissionDenied (not the chairman's right "resolution:open"),
    ValidationError (partner_id, vote, proxy_name, file), Conflict (resolution closed, or the
    partner has voted or been recorded already); nothing is written then (no document either).
    The LLP Act leaves the voting procedure to the agreement (Act 12(1)); a proxy needs the
    agreement's or the partners' acceptance, which the chairman confirms by recording it."""
    policy.require(actor, organisation, "resolution:open")
    now = utcnow()
    if resolution.status != "open" or now >= resolution.deadline:
        raise Conflict(_("This resolution is closed: votes can no longer be cast or changed."))
    row = next(
        (v for v in resolution.votes if isinstance(partner_id, int) and v.partner_id == partner_id),
        None,
    )
    errors = {}
    if row is None:
        errors["partner_id"] = _("Choose a partner entitled to vote on this resolution.")
    if vote not in VOTES:
        errors["vote"] = _("Vote for, against or abstain.")
    proxy_name = (proxy_name or "").strip()
    if not proxy_name:
        errors["proxy_name"] = _("Name the proxy.")
    elif len(proxy_name) > 200:
        errors["proxy_name"] = _("At most %(n)d characters.", n=200)
    if not data:
        errors["file"] = _("Attach the proxy document.")
    if errors:
        raise ValidationError(**errors)
    assert row is not None  # checked above
    if row.vote is not None or row.partner_id in proxies(resolution):
        raise Conflict(
            _("%(partner)s has voted already.", partner=row.partner.name),
        )
    doc = documents.create_document(
        actor=actor,
        organisation=organisation,
        title=f"委任状 {row.partner.name} — {resolution.title}"[:300],
        data=data,
        filename=filename or "proxy.pdf",
        doc_type="other",
    )
    sha = doc.versions[-1].sha256
    proof = {
        "proxy": [None, proxy_name],
        "document_id": [None, doc.id],
        "sha256": [None, sha],
    }
    proxy = ProxyVote(
        resolution_id=resolution.id,
        partner_id=row.partner_id,
        proxy_name=proxy_name,
        document_id=doc.id,
        recorded_by_id=actor.id,
        recorded_at=now,
    )
    db.session.add(proxy)
    db.session.flush()
    audit.record(
        tag="board:proxy:record",
        actor=actor,
        organisation_id=organisation.id,
        target=resolution,
        diff={"partner_id": [None, row.partner_id], "vote": [None, vote]} | proof,
    )
    return resolutions.record_vote(
        actor=actor,
        organisation=organisation,
        resolution=resolution,
        partner=row.partner,
        vote=vote,
        now=now,
        note=proof,
    )
