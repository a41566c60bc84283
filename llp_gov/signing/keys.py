"""The organisation's signing key (a PKCS#12 file or a PKCS#11 token, by configuration) and the
self-signed trial key."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography.x509.oid import ExtendedKeyUsageOID
from flask import current_app
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign import pkcs11 as pkcs11_signing
from pyhanko.sign import signers

from llp_gov.signing import selfsigned, trial_tsa


def pkcs12_path(organisation) -> Path:
    """Where the organisation's PKCS#12 file is (LLP_GOV_SIGNING_PKCS12, ``{slug}`` replaced)."""
    pattern = current_app.config.get("SIGNING_PKCS12") or str(
        Path(current_app.instance_path) / "signing" / "{slug}.p12"
    )
    return Path(pattern.replace("{slug}", organisation.slug))


def _passphrase(path: Path) -> bytes | None:
    configured = current_app.config.get("SIGNING_PASSWORD")
    if configured:
        return configured.encode()
    side = path.with_name(path.name + ".pass")
    return side.read_text().strip().encode() if side.exists() else None


def pkcs11_configured() -> bool:
    """True when LLP_GOV_SIGNING_PKCS11_MODULE names a PKCS#11 library (HSM, smart card)."""
    return bool(current_app.config.get("SIGNING_PKCS11_MODULE"))


def has_key(organisation) -> bool:
    """Whether the organisation signs: a PKCS#11 token is configured, or its PKCS#12 file exists."""
    return pkcs11_configured() or pkcs12_path(organisation).exists()


@contextmanager
def open_signer(organisation) -> Iterator[signers.Signer | None]:
    """pyHanko's signer for the organisation for the duration of the block (None when it has no
    key). With LLP_GOV_SIGNING_PKCS11_MODULE the key stays on the PKCS#11 token: the session is
    opened on the token labelled LLP_GOV_SIGNING_PKCS11_TOKEN with the user PIN
    LLP_GOV_SIGNING_PKCS11_PIN, the private key and certificate are the objects labelled
    LLP_GOV_SIGNING_PKCS11_KEY (default ``{slug}``; ``{slug}`` replaced), and the session is
    closed afterwards. Otherwise the PKCS#12 file (signer_for). Standard: OASIS PKCS#11 v2.40
    through python-pkcs11 and pyHanko's pyhanko.sign.pkcs11."""
    if not pkcs11_configured():
        yield signer_for(organisation)
        return
    config = current_app.config
    label = (config.get("SIGNING_PKCS11_KEY") or "{slug}").replace("{slug}", organisation.slug)
    token = (config.get("SIGNING_PKCS11_TOKEN") or "").replace("{slug}", organisation.slug)
    session = pkcs11_signing.open_pkcs11_session(
        config["SIGNING_PKCS11_MODULE"],
        token_criteria=TokenCriteria(label=token or None),
        user_pin=config.get("SIGNING_PKCS11_PIN"),
    )
    try:
        yield pkcs11_signing.PKCS11Signer(session, cert_label=label, key_label=label)
    finally:
        session.close()


def signer_for(organisation):
    """pyHanko's signer from the organisation's PKCS#12 file, or None when it has none (for a
    PKCS#11 token use open_signer, which closes the token session)."""

    path = pkcs12_path(organisation)
    if not path.exists():
        return None
    signer = signers.SimpleSigner.load_pkcs12_data(
        path.read_bytes(), other_certs=[], passphrase=_passphrase(path)
    )
    if signer is None:
        raise RuntimeError(f"cannot read the signing key {path} (wrong passphrase?)")
    return signer


def self_signed_pkcs12(
    *, common_name: str, organisation_name: str, passphrase: bytes, years: int = 3
) -> bytes:
    """A self-signed document-signing certificate and its RSA-3072 key as PKCS#12 (for trials:
    a verifier trusts it only if told to)."""
    return selfsigned.pkcs12_bundle(
        common_name=common_name,
        organisation_name=organisation_name,
        passphrase=passphrase,
        years=years,
        purpose=ExtendedKeyUsageOID.EMAIL_PROTECTION,
        purpose_critical=False,
        friendly_name=common_name[:64].encode(),
    )


def init_trial_key(organisation, *, force: bool = False) -> Path:
    """Write a self-signed key for the organisation where pkcs12_path says, with a random
    passphrase beside it (mode 0600), and the local trial time-stamp authority (trial_tsa) if
    absent, so trial signatures are B-T. Raises FileExistsError for an existing key unless
    force."""
    trial_tsa.ensure()
    path = pkcs12_path(organisation)
    if path.exists() and not force:
        raise FileExistsError(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    passphrase = secrets.token_urlsafe(24)
    data = self_signed_pkcs12(
        common_name=f"{organisation.name} (trial key)",
        organisation_name=organisation.name,
        passphrase=passphrase.encode(),
    )
    for target, content in (
        (path, data),
        (path.with_name(path.name + ".pass"), passphrase.encode()),
    ):
        tmp = target.with_name(target.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, target)
    return path
