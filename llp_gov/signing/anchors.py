"""RFC 3161 time stamps on audit anchors, with pyHanko's client and validator.

Registered into llp_gov.audit.anchoring by this package's init_app (the audit trail sits below
the domains). The authority is LLP_GOV_TSA_URL (pades.timestamper); a token is checked against
LLP_GOV_TRUST_ROOTS (pades.validation_context). Spec: RFC 3161 (Time-Stamp Protocol), 2.4.2
TSTInfo: the message imprint is the SHA-256 of the covered bytes."""

from __future__ import annotations

import asyncio
import hashlib

from asn1crypto import cms, x509
from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
from pyhanko.sign.validation.status import TimestampSignatureStatus

from llp_gov.audit.anchoring import Token, TokenCheck
from llp_gov.signing.pades import off_loop, timestamper, validation_context


def _readable(cert: x509.Certificate | None) -> str:
    """A certificate's subject as a person reads it: common name, else organisation."""
    if cert is None:
        return "unknown"
    native = cert.subject.native
    return (
        native.get("common_name") or native.get("organization_name") or cert.subject.human_friendly
    )


def _signer(signed: cms.SignedData) -> x509.Certificate | None:
    sid = signed["signer_infos"][0]["sid"]
    for choice in signed["certificates"] or ():
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (
                cert.issuer == wanted["issuer"]
                and cert.serial_number == wanted["serial_number"].native
            ):
                return cert
        elif cert.key_identifier == sid.chosen.native:
            return cert
    return None


def stamp(data: bytes) -> Token | None:
    """Ask the configured authority to time-stamp the SHA-256 of `data`; None when no authority
    is configured. Raises OSError (unreachable) or pyHanko's TimestampRequestError (refused)."""
    tsa = timestamper()
    if tsa is None:
        return None
    digest = hashlib.sha256(data).digest()
    token = off_loop(lambda: asyncio.run(tsa.async_timestamp(digest, "sha256")))
    signed = token["content"]
    info = signed["encap_content_info"]["content"].parsed
    return Token(
        der=token.dump(),
        time=info["gen_time"].native.isoformat(),
        authority=_readable(_signer(signed)),
    )


def check(der: bytes, data: bytes) -> TokenCheck:
    """Check an RFC 3161 token against `data`: imprint and signature (intact), certificate path
    to a trusted root (trusted). A token that cannot be parsed is not intact."""
    try:
        token = cms.ContentInfo.load(der)
        signed = token["content"]
        if token["content_type"].native != "signed_data":
            raise ValueError("not a SignedData")
        context = validation_context()
        kwargs = off_loop(
            lambda: asyncio.run(
                validate_tst_signed_data(
                    signed, context, lambda algorithm: hashlib.new(algorithm, data).digest()
                )
            )
        )
        status = TimestampSignatureStatus(**kwargs)
    except Exception:  # noqa: BLE001  any malformed token is simply not intact
        return TokenCheck(intact=False, trusted=False, time=None, authority=None)
    return TokenCheck(
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        time=status.timestamp.isoformat() if status.timestamp else None,
        authority=_readable(status.signing_cert),
    )
