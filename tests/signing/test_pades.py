"""PAdES signing of approved contracts: B-T time stamp from a local TSA, B-LTA, PDF/A kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from llp_gov.contracts import lifecycle, services
from llp_gov.contracts.printing import render_contract_pdf
from llp_gov.documents import storage
from llp_gov.extensions import db
from llp_gov.signing import pades
from llp_gov.signing.models import SignedPdf
from llp_gov.signing.verify import verify_pdf_signatures
from tests.contracts.helpers import city_and_league, commission_data
from tests.pdf.checks import assert_qpdf_ok


def _pdfa_part(pdf: bytes) -> str | None:
    import io
    import re

    from pyhanko.pdf_utils.reader import PdfFileReader

    xmp = PdfFileReader(io.BytesIO(pdf), strict=False).root["/Metadata"].get_object().data
    found = re.search(rb"pdfaid:part(?:>|=\")(\d)", xmp)
    return found.group(1).decode() if found else None


def _approved(world):
    city, _ = city_and_league(world)
    member, chairman = world.user("member"), world.user("chairman")
    contract = services.create_contract(
        actor=member, organisation=world.org, **commission_data(world, city)
    )
    lifecycle.submit_for_review(actor=member, organisation=world.org, contract=contract)
    lifecycle.approve(actor=chairman, organisation=world.org, contract=contract)
    return contract


def test_approved_contract_is_a_signed_time_stamped_pdfa(world, org_key, tsa):
    before = tsa.requests
    contract = _approved(world)
    versions = contract.document.versions
    draft, approved = storage.read(versions[0].sha256), storage.read(versions[1].sha256)
    assert verify_pdf_signatures(draft) == []  # the draft in review is not signed
    # Incremental update: the rendered PDF/A bytes are kept unchanged in front of the signature.
    rendered = render_contract_pdf(contract, world.org)
    assert approved.startswith(rendered) and len(approved) > len(rendered)
    assert _pdfa_part(approved) == _pdfa_part(rendered) == "3"  # still PDF/A-3 (XMP kept)
    assert_qpdf_ok(approved)
    sigs = verify_pdf_signatures(approved)
    signature, doc_ts = sigs
    assert signature["kind"] == "signature" and signature["ok"] and signature["trusted"]
    assert signature["signer"] == f"{world.org.name} signing"
    assert signature["timestamp_authority"] == "Test TSA" and signature["timestamp_valid"]
    assert signature["reason"] == f"{contract.number} approved"
    assert not signature["changed_after_signing"]
    # B-LTA: validation data in the DSS and a document time stamp over everything.
    assert doc_ts["kind"] == "document_timestamp" and doc_ts["ok"] and doc_ts["trusted"]
    assert b"/DSS" in approved
    assert tsa.requests > before  # the time stamps came from the TSA over HTTP
    row = db.session.scalar(select(SignedPdf).where(SignedPdf.document_id == contract.document_id))
    assert row.level == "B-LTA" and row.version_number == 2 and row.sha256 == versions[1].sha256
    assert row.timestamp_expires_at > dt.datetime.now(dt.UTC) + dt.timedelta(days=3000)


def test_pyhanko_validator_accepts_the_signature(world, org_key, pki):
    """pyHanko's own validator, called directly: intact, valid, trusted, PAdES B-T."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from tests.signing.pki import _asn1

    contract = _approved(world)
    data = storage.read(contract.document.versions[-1].sha256)
    sig = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    # off_loop: the browser tests' Playwright keeps an event loop running in this thread, and
    # pyHanko's synchronous wrapper calls asyncio.run.
    status = pades.off_loop(
        validate_pdf_signature, sig, ValidationContext(trust_roots=[_asn1(pki.root)])
    )
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.valid
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"


def test_without_a_tsa_the_signature_is_b_b(app, world, org_key):
    app.config["TSA_URL"] = None
    contract = _approved(world)
    data = storage.read(contract.document.versions[-1].sha256)
    (signature,) = verify_pdf_signatures(data)
    assert signature["ok"] and signature["timestamp"] is None
    row = db.session.scalar(select(SignedPdf).where(SignedPdf.document_id == contract.document_id))
    assert row.level == "B-B" and row.timestamp_expires_at is None


def test_without_a_key_nothing_is_signed(world):
    contract = _approved(world)
    data = storage.read(contract.document.versions[-1].sha256)
    assert verify_pdf_signatures(data) == []
    assert db.session.scalar(select(SignedPdf)) is None


def test_trial_key_from_the_cli_signs(app, world, runner):
    result = runner.invoke(args=["signing", "init", world.org.slug])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["signing", "init", world.org.slug])
    assert again.exit_code != 0 and "--force" in again.output
    from llp_gov.signing import keys

    path = keys.pkcs12_path(world.org)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    app.config["SIGNING_PASSWORD"] = None  # read from the .pass file beside the key
    app.config["TSA_URL"] = None
    contract = _approved(world)
    data = storage.read(contract.document.versions[-1].sha256)
    signature = verify_pdf_signatures(data)[0]
    assert signature["ok"] and not signature["trusted"]  # self-signed: trusted only if told so
    assert signature["timestamp"]  # by the trial TSA that `signing init` made
    cert = keys.signer_for(world.org).signing_cert
    trusted = verify_pdf_signatures(data, extra_roots=[cert])[0]
    assert trusted["trusted"]


def test_restamp_adds_a_document_time_stamp_in_a_new_version(app, world, org_key, tsa, runner):
    contract = _approved(world)
    document_id = contract.document_id
    db.session.commit()
    assert "0 document(s)" in runner.invoke(args=["signing", "restamp"]).output  # not due yet
    app.config["RESTAMP_MARGIN_DAYS"] = 100_000
    result = runner.invoke(args=["signing", "restamp"])
    assert "1 document(s) restamped" in result.output, result.output
    rows = db.session.scalars(
        select(SignedPdf).where(SignedPdf.document_id == document_id).order_by(SignedPdf.id)
    ).all()
    assert [(r.version_number, r.superseded) for r in rows] == [(2, True), (3, False)]
    old, new = storage.read(rows[0].sha256), storage.read(rows[1].sha256)
    assert new.startswith(old)
    sigs = verify_pdf_signatures(new)
    assert [s["kind"] for s in sigs] == ["signature", "document_timestamp", "document_timestamp"]
    assert all(s["ok"] for s in sigs)


def test_certificate_of_evidence_pdf_is_signed(world, org_key):
    from llp_gov.audit.models import AuditEvent
    from llp_gov.evidence import services as evidence

    _approved(world)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.tag == "contract:approved"))
    pdf = evidence.certificate_pdf(
        actor=world.user("chairman"), organisation=world.org, event_id=event.id
    )
    (signature,) = verify_pdf_signatures(pdf)  # B-T: no archive time stamp on a certificate
    assert signature["ok"] and signature["trusted"] and signature["timestamp"]
    assert _pdfa_part(pdf) == "3"


def test_executed_agreement_is_sealed_by_the_organisation(world, org_key):
    from llp_gov.contracts import execution
    from llp_gov.contracts.models import Contract
    from tests.contracts.access import approved_agreement

    contract = db.session.get(Contract, approved_agreement(world)["contract_id"])
    reps = [world.user(r) for r in ("chairman", "member", "accountant")]
    reps += [world.user(f"rep{i:02d}") for i in range(4, 13)]
    for rep in reps:
        execution.sign_agreement(actor=rep, organisation=world.org, contract=contract)
    assert contract.status == "signed" and contract.signed_document_id != contract.document_id
    executed = storage.read(contract.signed_document.versions[-1].sha256)
    sigs = verify_pdf_signatures(executed)
    assert all(s["ok"] for s in sigs)
    signed = [s for s in sigs if s["kind"] == "signature"]
    assert len(signed) == 2 and "approved" in signed[0]["reason"]  # approval, then execution
    assert "executed by all partners" in signed[1]["reason"]


def test_the_approved_contract_downloads_signed(client, world, org_key, login_as, token_for):
    contract = _approved(world)
    db.session.commit()
    login_as(world.user("observer"))
    page = client.get(f"/o/{world.org.slug}/contracts/{contract.id}/pdf")
    stored = storage.read(contract.document.versions[-1].sha256)
    assert page.data == stored and verify_pdf_signatures(page.data)[0]["ok"]
    api = client.get(
        f"/api/v1/orgs/{world.org.slug}/contracts/{contract.id}/pdf",
        headers=token_for(world.user("observer")),
    )
    assert api.data == stored


def test_resolution_certificate_is_signed(client, world, org_key, login_as):
    from tests.resolutions.helpers import adopt

    resolution = adopt(world)
    login_as(world.user("observer"))
    resp = client.get(f"/o/{world.org.slug}/resolutions/{resolution.id}/certificate.pdf")
    assert resp.status_code == 200
    (signature,) = verify_pdf_signatures(resp.data)
    assert signature["ok"] and signature["trusted"] and signature["timestamp"]
