"""Self-signed certificates for trials: the organisation's document-signing key and the local
trial time-stamp authority share one builder (X.509 per RFC 5280, PKCS#12 per RFC 7292)."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


def pkcs12_bundle(
    *,
    common_name: str,
    organisation_name: str,
    passphrase: bytes,
    years: int,
    purpose: x509.ObjectIdentifier,
    purpose_critical: bool,
    friendly_name: bytes,
) -> bytes:
    """A self-signed end-entity certificate for `purpose` (an extended key usage OID) and its
    RSA-3072 key, as PKCS#12 encrypted with `passphrase`, valid from five minutes ago for
    `years` x 365 days. Names are cut to the X.520 upper bound of 64 characters (RFC 5280
    appendix A.1). Key usage: digital signature and non-repudiation (content commitment)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation_name[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([purpose]), critical=purpose_critical)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        friendly_name, key, cert, None, serialization.BestAvailableEncryption(passphrase)
    )
