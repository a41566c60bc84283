"""Execution of the electronic partnership agreement (組合契約書): every partner signs.

Method: a recorded electronic signature per partner (立会人型 / platform signature), not a
personal-certificate PAdES signature. The designated representative, signed in to the app,
confirms the approved PDF, identified by its SHA-256; the confirmation is an audit event in the
organisation's hash chain with the sign-in method, IP address and user agent (its certificate of
evidence: llp_gov.evidence). Why: partners' representatives rarely hold a personal signing
certificate (JPKI / マイナンバーカード signing needs a card reader and a licensed platform), and
the Japanese government's Q&A on Art. 2(1) of the Electronic Signatures Act (総務省・法務省・
経済産業省, 2020-07-17, https://www.meti.go.jp/covid-19/denshishomei_qa.html) accepts a
service-provider signature made on the user's instruction as the user's electronic signature when
the process shows the user's intent. When the last partner has signed, the organisation's key
adds one PAdES signature over the approved PDF (reason: executed by all partners, naming them)
so that the executed file itself is sealed and time-stamped; the contract becomes "signed".
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from llp_gov.audit import services as audit
from llp_gov.auth import policy
from llp_gov.contracts.models import AgreementSignature, Contract
from llp_gov.db import db, utcnow
from llp_gov.errors import Conflict, NotFound, PermissionDenied
from llp_gov.legaltime import today_in


def _approved_version(contract: Contract):
    document = contract.document
    if document is None or not document.versions:
        raise Conflict(_("The agreement has no approved PDF yet."))
    return document.versions[-1]


def signatures(contract: Contract) -> list[AgreementSignature]:
    """The partners' recorded signatures of the partnership agreement, oldest first."""
    return list(
        db.session.scalars(
            select(AgreementSignature)
            .where(AgreementSignature.contract_id == contract.id)
            .order_by(AgreementSignature.signed_at)
        )
    )


def signature_status(contract: Contract) -> list[dict]:
    """Each partner party: {"party", "signature" (or None)} in the agreement's order."""
    by_partner = {s.partner_id: s for s in signatures(contract)}
    return [
        {"party": p, "signature": by_partner.get(p.partner_id) if p.partner_id else None}
        for p in contract.parties
        if p.kind == "partner"
    ]


def unsigned(contract: Contract) -> list:
    """The parties (partners) of the partnership agreement that have not signed yet."""
    return [row["party"] for row in signature_status(contract) if row["signature"] is None]


def sign_agreement(*, actor, organisation, contract: Contract) -> AgreementSignature:
    """The actor signs the approved partnership agreement for the partner they represent.

    Raises NotFound (another organisation's contract), Conflict (not a partnership agreement, not
    approved, no PDF, or this partner has signed already), PermissionDenied (the actor represents
    no partner of the agreement). Audited as contract:agreement:sign (with the PDF's SHA-256);
    the last signature executes the agreement (see the module docstring). Ord. 2-3 (electronic
    signature of every partner), Electronic Signatures Act art. 2(1)."""
    from llp_gov.partners.services import represented_by  # noqa: PLC0415 (partners imports contracts' peers)

    if contract.organisation_id != organisation.id:
        raise NotFound()
    policy.require(actor, organisation, "contract:read")
    if contract.contract_type != "partnership":
        raise Conflict(_("Only the partnership agreement is signed by every partner here."))
    if contract.status != "approved":
        raise Conflict(_("The agreement can be signed once the chairman has approved it."))
    partner = represented_by(organisation, actor)
    if partner is None or partner.id not in {p.partner_id for p in contract.parties}:
        raise PermissionDenied(
            _("Only a partner's designated representative can sign the agreement (Ord. 2-3).")
        )
    if any(s.partner_id == partner.id for s in signatures(contract)):
        raise Conflict(
            _(
                "%(partner)s has signed the agreement already.",
                partner=partner.display_name(str(get_locale())),
            )
        )
    version = _approved_version(contract)
    row = AgreementSignature(
        contract_id=contract.id,
        partner_id=partner.id,
        user_id=actor.id,
        document_sha256=version.sha256,
        signed_at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        tag="contract:agreement:sign",
        actor=actor,
        organisation_id=organisation.id,
        target=contract,
        diff={
            "partner_id": [None, partner.id],
            "document_id": [None, contract.document_id],
            "sha256": [None, version.sha256],
        },
    )
    if not unsigned(contract):
        _execute(actor=actor, organisation=organisation, contract=contract, version=version)
    return row


def _execute(*, actor, organisation, contract: Contract, version) -> None:
    """All partners signed: seal the approved PDF with the organisation's key and mark the
    agreement signed (the executed copy is the contract's signed document)."""
    from llp_gov.contracts import printing  # noqa: PLC0415 (printing imports documents)
    from llp_gov.documents import services as documents  # noqa: PLC0415
    from llp_gov.documents import storage  # noqa: PLC0415
    from llp_gov.signing import services as signing  # noqa: PLC0415

    names = ", ".join(p.name for p in contract.parties if p.kind == "partner")
    today = today_in(organisation)
    data, level = signing.sign_for_issue(
        storage.read(version.sha256),
        organisation=organisation,
        reason=f"{contract.number} executed by all partners: {names}"[:500],
    )
    if level is None:  # no key: the approved PDF with the recorded signatures is the record
        _mark_signed(actor=actor, organisation=organisation, contract=contract, document_id=None)
        return
    executed = documents.create_document(
        actor=actor,
        organisation=organisation,
        title=f"{contract.number} {contract.title} (executed)",
        data=data,
        filename=f"{contract.number}-executed.pdf",
        **(printing.document_metadata(contract) | {"transaction_date": today}),
    )
    signing.record_signed(
        actor=actor,
        organisation=organisation,
        version=executed.versions[-1],
        purpose="agreement:executed",
        level=level,
    )
    _mark_signed(actor=actor, organisation=organisation, contract=contract, document_id=executed.id)


def _mark_signed(*, actor, organisation, contract: Contract, document_id: int | None) -> None:
    old = contract.status
    contract.signed_document_id = document_id or contract.document_id
    contract.signing_date = today_in(organisation)
    contract.status = "signed"
    contract.updated_at = utcnow()
    db.session.flush()
    audit.record(
        tag="contract:signed",
        actor=actor,
        organisation_id=organisation.id,
        target=contract,
        diff={
            "status": [old, "signed"],
            "signed_document_id": [None, contract.signed_document_id],
            "executed_by": [None, "all partners"],
        },
    )


def is_executed(organisation) -> bool:
    """Whether the organisation's partnership agreement has been signed by every partner."""
    return (
        db.session.scalar(
            select(Contract.id).where(
                Contract.organisation_id == organisation.id,
                Contract.contract_type == "partnership",
                Contract.status.in_(("signed", "active")),
            )
        )
        is not None
    )


def agreement_status(organisation) -> dict | None:
    """For the partner register: the partnership agreement, whether every partner has signed
    it (executed) and how many have not. None when no agreement was drafted."""
    contract = db.session.scalar(
        select(Contract)
        .where(Contract.organisation_id == organisation.id, Contract.contract_type == "partnership")
        .order_by(Contract.id.desc())
    )
    if contract is None:
        return None
    return {
        "contract": contract,
        "executed": contract.status in ("signed", "active"),
        "unsigned": len(unsigned(contract)) if contract.status == "approved" else None,
    }
