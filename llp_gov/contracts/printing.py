"""A contract's PDF: the print context, rendering (PDF/A-3b with the data as JSON) and archiving
the result as a version of the contract's document (versioned, audited, found by search)."""

from __future__ import annotations

import hashlib
import json

from llp_gov.contracts import articles, wording
from llp_gov.contracts.models import TAX_TREATMENTS, Contract
from llp_gov.counterparties.models import Counterparty
from llp_gov.db import db
from llp_gov.documents import services as documents
from llp_gov.partners.models import Partner
from llp_gov.pdf.render import PdfAttachment, render_template_pdf
from llp_gov.signing import services as signing

TEMPLATES = {
    "commission": "pdf/contract_commission.html",
    "joint_business": "pdf/contract_joint_business.html",
    "nda": "pdf/contract_nda.html",
    "mou": "pdf/contract_mou.html",
    "partnership": "pdf/contract_partnership.html",
}


def contract_data(contract: Contract) -> dict:
    """The contract as JSON-ready data (attached to the archived PDF and served by the API)."""

    def day(d):
        return d.isoformat() if d else None

    return {
        "id": contract.id,
        "number": contract.number,
        "title": contract.title,
        "contract_type": contract.contract_type,
        "language": contract.language,
        "status": contract.status,
        "currency": contract.currency,
        "amount_excl_tax": contract.amount_excl_tax,
        "tax_treatment": contract.tax_treatment,
        "tax_rate_percent": TAX_TREATMENTS[contract.tax_treatment],
        "tax_amount": contract.tax_amount,
        "amount_incl_tax": contract.amount_incl_tax,
        "start_date": day(contract.start_date),
        "end_date": day(contract.end_date),
        "signing_date": day(contract.signing_date),
        "date_style": contract.date_style,
        "governing_law": contract.governing_law,
        "court": contract.court,
        "parties": [
            {
                "reference": wording.party_ref(p.position, "ja"),
                "kind": p.kind,
                "partner_id": p.partner_id,
                "counterparty_id": p.counterparty_id,
                "name": p.name,
                "name_en": p.name_en,
                "name_ko": p.name_ko,
                "address": p.address,
                "representative_title": p.representative_title,
                "representative_name": p.representative_name,
            }
            for p in contract.parties
        ],
        "milestones": [
            {"due_date": day(m.due_date), "amount": m.amount, "description": m.description}
            for m in contract.milestones
        ],
        "clauses": contract.clauses or [],
        "details": contract.details or {},
        "approved_at": contract.approved_at.isoformat() if contract.approved_at else None,
    }


class Lang:
    """Formatting helpers bound to one language of the contract, for the templates."""

    def __init__(self, contract: Contract, code: str):
        self.code = code
        self.contract = contract

    def date(self, value):
        return wording.format_date(value, self.code, self.contract.date_style)

    def money(self, value):
        return wording.format_money(value, self.contract.currency, self.code)

    def ref(self, party):
        return wording.party_label(self.contract, party, self.code)

    def name(self, party):
        return party.name_in(self.code)


SIG_LABELS = {
    "address": {"ja": "住所", "en": "Address", "ko": "주소"},
    "name": {"ja": "名称", "en": "Name", "ko": "명칭"},
    "representative": {"ja": "代表者", "en": "Represented by", "ko": "대표자"},
    # An LLP (no legal personality, no 代表者) signs through its executing partner.
    "signatory": {"ja": "業務執行組合員", "en": "Executing partner", "ko": "업무집행조합원"},
    "seal": {"ja": "記名押印", "en": "Name and seal", "ko": "기명날인"},
}
SUMMARY_LABELS = {
    "excl": {"ja": "契約金額（税抜）", "en": "Amount excluding tax", "ko": "계약금액(세전)"},
    "tax": {"ja": "消費税等", "en": "Consumption tax", "ko": "소비세 등"},
    "incl": {"ja": "契約金額（税込）", "en": "Amount including tax", "ko": "계약금액(세후)"},
    "term": {"ja": "契約期間", "en": "Term", "ko": "계약기간"},
}


def _home_language(party) -> str | None:
    """'ko' for a Korean partner or counterparty: its registered name is the Korean one."""
    source: Partner | Counterparty | None = None
    if party.partner_id:
        source = db.session.get(Partner, party.partner_id)
    elif party.counterparty_id:
        source = db.session.get(Counterparty, party.counterparty_id)
    return "ko" if source is not None and source.country == "KR" and party.name_ko else None


def party_names(contract: Contract, party) -> list[tuple[str, str]]:
    """The party's name in each language of the contract, and a Korean party's registered Korean
    name even in a contract without Korean (it signs under it, and search finds it by it),
    without repeating the same name."""
    out: list[tuple[str, str]] = []
    home = _home_language(party)
    for code in contract.languages + ([home] if home and home not in contract.languages else []):
        name = party.name_in(code)
        if name not in (n for _, n in out):
            out.append((code, name))
    return out


def _closing(contract: Contract, default):
    """The closing clause: the electronic-execution wording when the contract is executed
    electronically (stamps.ELECTRONIC_CLOSING), else the paper originals' clause."""
    from llp_gov.contracts import stamps  # noqa: PLC0415 (stamps imports services)

    if stamps.is_electronic(contract):
        return lambda c, lang: stamps.ELECTRONIC_CLOSING[lang]
    return default


def print_context(contract: Contract, organisation) -> dict:
    """What the contract's print template (templates/pdf/contract.html) shows: per language
    the articles, parties, amounts (integer yen, written with the tax treatment) and dates in
    the contract's date style (西暦/和暦)."""
    langs = [Lang(contract, code) for code in contract.languages]
    amount = contract.amount_incl_tax
    return {
        "type_titles": articles.TYPE_TITLES,
        "tax_texts": articles.TAX_TEXT,
        "articles": articles.articles(contract),
        "preamble": articles.preamble,
        "closing": _closing(contract, articles.closing),
        "sig_labels": SIG_LABELS,
        "summary_labels": SUMMARY_LABELS,
        "party_names": lambda party: party_names(contract, party),
        "contract": contract,
        "organisation": organisation,
        "langs": langs,
        "lang": contract.languages[0],
        "bilingual": len(langs) > 1,
        "kanji_amount": wording.kanji_amount(amount)
        if amount is not None and contract.currency == "JPY"
        else None,
        "tax_rate": TAX_TREATMENTS[contract.tax_treatment],
        "draft": contract.status in ("draft", "in_review"),
    }


def _metadata(contract: Contract, organisation) -> dict:
    return {
        "title": f"{contract.number} {contract.title}",
        "author": organisation.name,
        "subject": contract.contract_type,
        "keywords": [contract.number] + [p.name for p in contract.parties],
        "lang": contract.languages[0],
        "created": contract.created_at,
        "modified": contract.updated_at,
    }


def render_contract_pdf(contract: Contract, organisation, *, archive: bool = True) -> bytes:
    """Render the contract; archived copies are PDF/A-3b with contract.json attached."""
    attachments = None
    variant = None
    if archive:
        data = json.dumps(
            contract_data(contract), ensure_ascii=False, sort_keys=True, indent=1
        ).encode()
        attachments = [PdfAttachment("contract.json", data, "Contract data (llp-gov)")]
        variant = "pdf/a-3b"
    return render_template_pdf(
        TEMPLATES[contract.contract_type],
        attachments=attachments,
        pdf_variant=variant,
        metadata=_metadata(contract, organisation),
        **print_context(contract, organisation),
    )


def issued_pdf(contract: Contract, organisation) -> bytes:
    """The PDF to hand out: from approval on, the archived (signed) version as stored; before
    it, a fresh render of the draft."""
    from llp_gov.documents import storage  # noqa: PLC0415 (documents imports contracts' peers)

    document = contract.document
    if contract.status not in ("draft", "in_review") and document is not None:
        versions = document.versions
        if versions:
            return storage.read(versions[-1].sha256)
    return render_contract_pdf(contract, organisation)


def pdf_filename(contract: Contract) -> str:
    """The contract PDF's file name: its number (e.g. "C-2026-0001.pdf")."""
    return f"{contract.number}.pdf"


def document_metadata(contract: Contract) -> dict:
    """The document's search keys (電子帳簿保存法: date, amount, counterparty) where the contract has them."""
    counterparty_id = next((p.counterparty_id for p in contract.parties if p.counterparty_id), None)
    date = contract.signing_date or contract.start_date
    amount = contract.amount_incl_tax if contract.currency == "JPY" else None
    if counterparty_id and date and amount is not None:
        return {
            "doc_type": "contract",
            "counterparty_id": counterparty_id,
            "transaction_date": date,
            "amount": amount,
            "currency": "JPY",
        }
    return {
        "doc_type": "agreement",
        "counterparty_id": counterparty_id,
        "transaction_date": date,
        "amount": amount,
        "currency": "JPY",
    }


def archive_pdf(*, actor, organisation, contract: Contract):
    """Store the current PDF as the next version of the contract's document (none if unchanged);
    the approved version is signed with the organisation's key when it has one (llp_gov.signing)."""
    data = render_contract_pdf(contract, organisation)
    level = None
    if contract.status == "approved":
        # The approved text is issued signed by the organisation (PAdES, incremental update).
        data, level = signing.sign_for_issue(
            data, organisation=organisation, reason=f"{contract.number} approved"
        )
    version = _store(actor=actor, organisation=organisation, contract=contract, data=data)
    if level is not None:
        signing.record_signed(
            actor=actor,
            organisation=organisation,
            version=version,
            purpose="contract:approved",
            level=level,
        )
    return version


def _store(*, actor, organisation, contract: Contract, data: bytes):
    if contract.document_id is None:
        created = documents.create_document(
            actor=actor,
            organisation=organisation,
            title=f"{contract.number} {contract.title}",
            data=data,
            filename=pdf_filename(contract),
            tags=["contract", contract.contract_type],
            **document_metadata(contract),
        )
        contract.document_id = created.id
        contract.document = created
        return created.versions[-1]
    document = contract.document
    if document is None:  # document_id is set (checked above), so the relationship loads
        raise RuntimeError(f"contract {contract.id} names a missing document")
    latest = document.versions[-1] if document.versions else None
    if latest is not None and latest.sha256 == hashlib.sha256(data).hexdigest():
        return latest
    return documents.add_version(
        actor=actor,
        organisation=organisation,
        document=document,
        data=data,
        filename=pdf_filename(contract),
    )
