"""The trial time-stamp authority: the demo's approved contract is signed AND time-stamped
without any TSA configured, and only trial keys ever use it."""

from __future__ import annotations

import io
import re

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

from llp_gov.documents import storage
from llp_gov.documents.models import Document
from llp_gov.extensions import db
from llp_gov.orgs.models import Organisation
from llp_gov.signing import keys, pades, trial_tsa
from llp_gov.signing.models import SignedPdf
from llp_gov.signing.verify import verify_pdf_signatures
from tests.signing.test_pades import _approved, _pdfa_part


def _demo(app, runner, tmp_path):
    app.config.update(
        DEMO_MODE=True,
        TSA_URL=None,
        SIGNING_PKCS12=None,
        SIGNING_PASSWORD=None,
        SIGNING_TRIAL_TSA=None,
    )
    app.instance_path = str(tmp_path / "instance")
    result = runner.invoke(args=["demo", "load", "--password", "demo-password"])
    assert result.exit_code == 0, result.output


def test_the_demo_contract_is_signed_time_stamped_and_still_pdfa(app, runner, tmp_path):
    _demo(app, runner, tmp_path)
    # Kept in the instance folder, marked as a trial authority.
    assert trial_tsa.path() == tmp_path / "instance" / "signing" / "trial-tsa.p12"
    tsa_cert = trial_tsa.certificate()
    assert "TRIAL" in tsa_cert.subject.native["common_name"]
    row = db.session.scalar(select(SignedPdf).where(SignedPdf.purpose == "contract:approved"))
    assert row.level in ("B-T", "B-LTA") and row.timestamp_expires_at is not None
    document = db.session.get(Document, row.document_id)
    data = storage.read(row.sha256)
    rendered = storage.read(document.versions[0].sha256)
    assert _pdfa_part(data) == "3" and _pdfa_part(rendered) == "3"
    klic = db.session.scalar(select(Organisation).where(Organisation.slug == "klic"))
    org_cert = keys.signer_for(klic).signing_cert
    sig = next(
        s
        for s in PdfFileReader(io.BytesIO(data)).embedded_signatures
        if s.sig_object.get("/Type") != "/DocTimeStamp"
    )
    vc = ValidationContext(trust_roots=[org_cert, tsa_cert])
    status = pades.off_loop(validate_pdf_signature, sig, vc)
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.valid
    assert status.timestamp_validity.trusted
    assert re.search(r"TRIAL", status.timestamp_validity.signing_cert.subject.human_friendly)


def test_a_demo_loaded_beside_kept_trial_keys_is_time_stamped_too(app, runner, tmp_path):
    # An instance folder that kept the trial keys of an earlier demo (no trial TSA then).
    folder = tmp_path / "instance" / "signing"
    folder.mkdir(parents=True)
    for slug in ("klic", "sicam"):
        (folder / f"{slug}.p12").write_bytes(
            keys.self_signed_pkcs12(common_name=slug, organisation_name=slug, passphrase=b"pw")
        )
        (folder / f"{slug}.p12.pass").write_text("pw")
    _demo(app, runner, tmp_path)
    row = db.session.scalar(select(SignedPdf).where(SignedPdf.purpose == "contract:approved"))
    assert row.level in ("B-T", "B-LTA") and trial_tsa.path().exists()


def test_a_ca_issued_key_without_a_tsa_is_never_trial_stamped(app, world, org_key):
    app.config["TSA_URL"] = None
    trial_tsa.ensure()  # a trial authority exists on this machine
    contract = _approved(world)
    (signature,) = verify_pdf_signatures(storage.read(contract.document.versions[-1].sha256))
    assert signature["ok"] and signature["timestamp"] is None
    row = db.session.scalar(select(SignedPdf).where(SignedPdf.document_id == contract.document_id))
    assert row.level == "B-B"


def test_a_trial_key_without_the_trial_tsa_stays_b_b(app, world):
    app.config.update(TSA_URL=None, SIGNING_PASSWORD=None)
    keys.init_trial_key(world.org)
    trial_tsa.path().unlink()  # e.g. removed by the operator
    contract = _approved(world)
    row = db.session.scalar(select(SignedPdf).where(SignedPdf.document_id == contract.document_id))
    assert row.level == "B-B"
