"""A local time-stamp authority for trials and the demo (RFC 3161 tokens made in-process).

``flask signing init`` (and the demo loader) writes a self-signed TSA key and certificate beside
the trial signing keys: LLP_GOV_SIGNING_TRIAL_TSA (default ``<instance>/signing/trial-tsa.p12``,
passphrase in the ``.pass`` file beside it, mode 0600). Its certificate names itself a TRIAL
authority, not for production. pades.timestamper() uses it only when LLP_GOV_TSA_URL is unset and
the organisation signs with a trial key (a self-signed certificate, as ``flask signing init``
makes): a trial or demo signature is then PAdES B-T like a production one, and an organisation
with a CA-issued key but no TSA stays B-B (never time-stamped by a trial authority).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.x509.oid import ExtendedKeyUsageOID
from flask import current_app
from pyhanko.sign import signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from llp_gov.signing import selfsigned

COMMON_NAME = "llp-gov TRIAL time-stamp authority (not for production)"


def path() -> Path:
    """Where the trial TSA's PKCS#12 file is (LLP_GOV_SIGNING_TRIAL_TSA or the instance folder)."""
    configured = current_app.config.get("SIGNING_TRIAL_TSA")
    if configured:
        return Path(configured)
    return Path(current_app.instance_path) / "signing" / "trial-tsa.p12"


def _write_private(target: Path, content: bytes) -> None:
    tmp = target.with_name(target.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    os.replace(tmp, target)


def _certificate_pkcs12(passphrase: bytes, years: int) -> bytes:
    # RFC 3161 2.3: a TSA certificate has exactly the id-kp-timeStamping purpose, critical.
    return selfsigned.pkcs12_bundle(
        common_name=COMMON_NAME,
        organisation_name="llp-gov trial",
        passphrase=passphrase,
        years=years,
        purpose=ExtendedKeyUsageOID.TIME_STAMPING,
        purpose_critical=True,
        friendly_name=b"trial-tsa",
    )


def ensure(*, years: int = 10) -> Path:
    """Create the trial TSA's key and self-signed certificate (valid ``years``) unless present;
    returns its path. Written atomically, mode 0600, with a random passphrase beside it."""
    target = path()
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    passphrase = secrets.token_urlsafe(24).encode()
    _write_private(target.with_name(target.name + ".pass"), passphrase)
    _write_private(target, _certificate_pkcs12(passphrase, years))
    return target


def _load() -> signers.SimpleSigner | None:
    target = path()
    side = target.with_name(target.name + ".pass")
    if not target.exists() or not side.exists():
        return None
    return signers.SimpleSigner.load_pkcs12_data(
        target.read_bytes(), other_certs=[], passphrase=side.read_bytes().strip()
    )


def certificate():
    """The trial TSA's certificate (asn1crypto), or None when it was never created."""
    loaded = _load()
    return loaded.signing_cert if loaded else None


def timestamper() -> DummyTimeStamper | None:
    """An in-process RFC 3161 time stamper signing with the trial TSA key (None when absent)."""
    loaded = _load()
    if loaded is None:
        return None
    return DummyTimeStamper(tsa_cert=loaded.signing_cert, tsa_key=loaded.signing_key)


def is_trial_signer(signer) -> bool:
    """True for a self-signed signing certificate (the trial key ``flask signing init`` makes)."""
    cert = getattr(signer, "signing_cert", None)
    return cert is not None and cert.self_signed in ("maybe", "yes")
