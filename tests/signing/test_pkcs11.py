"""Signing with a PKCS#11 token (SoftHSM2, Debian package softhsm2), the key never leaving it.

The token is initialised by the test itself: its own SoftHSM configuration and token directory,
the key imported with softhsm2-util, the certificate stored on the token with python-pkcs11."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pkcs11
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pkcs11 import Attribute, CertificateType, ObjectClass
from sqlalchemy import func, select

from llp_gov.documents import storage
from llp_gov.extensions import db
from llp_gov.signing.models import SignedPdf
from llp_gov.signing.verify import verify_pdf_signatures
from tests.signing.pki import _cert, _name
from tests.signing.test_pades import _approved

MODULE = "/usr/lib/softhsm/libsofthsm2.so"  # Debian softhsm2 (scripts/system-deps.sh)
TOKEN, PIN, SO_PIN, LABEL = "llp-test", "5678", "12345678", "llp-hsm-key"


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory, pki):
    """A SoftHSM2 token holding an RSA key and its certificate issued by the test root."""
    home = tmp_path_factory.mktemp("softhsm")
    (home / "tokens").mkdir()
    conf = home / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {home / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    # Read by the library when it is first loaded in this process (python-pkcs11 keeps one).
    os.environ["SOFTHSM2_CONF"] = str(conf)
    util = ["softhsm2-util"]
    subprocess.run(
        [*util, "--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN, "--pin", PIN],
        check=True,
        capture_output=True,
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _cert(_name("llp-gov HSM signing key"), pki.root.subject, key, pki.root_key)
    pem = home / "key.pem"
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    subprocess.run(
        [*util, "--import", str(pem), "--token", TOKEN, "--label", LABEL, "--id", "01"]
        + ["--pin", PIN],
        check=True,
        capture_output=True,
    )
    pem.unlink()  # from now on the key exists only on the token
    token = pkcs11.lib(MODULE).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: LABEL,
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            }
        )
    return Path(conf)


def _configure(app, pin=PIN):
    app.config.update(
        SIGNING_PKCS11_MODULE=MODULE,
        SIGNING_PKCS11_TOKEN=TOKEN,
        SIGNING_PKCS11_PIN=pin,
        SIGNING_PKCS11_KEY=LABEL,
    )


def test_the_approved_contract_is_signed_on_the_token(app, world, softhsm):
    _configure(app)
    contract = _approved(world)
    data = storage.read(contract.document.versions[-1].sha256)
    signature = verify_pdf_signatures(data)[0]
    assert signature["ok"] and signature["trusted"] and signature["timestamp"]
    assert signature["signer"] == "llp-gov HSM signing key"
    row = db.session.scalar(select(SignedPdf).where(SignedPdf.document_id == contract.document_id))
    assert row.level == "B-LTA"


def test_a_wrong_pin_signs_nothing_and_stores_nothing(app, world, softhsm):
    _configure(app, pin="0000")
    with pytest.raises(pkcs11.exceptions.PinIncorrect):
        _approved(world)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SignedPdf)) == 0
