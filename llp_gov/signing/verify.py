"""Verification of the signatures in a PDF (ours or received from e-contract services)."""

from __future__ import annotations

import io
import logging

from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.status import SignatureCoverageLevel

from llp_gov.signing.pades import off_loop, validation_context

log = logging.getLogger(__name__)


def _name(cert) -> str:
    return _dn(cert.subject)


def _dn(name) -> str:
    """A distinguished name as a person reads it: its common name, else its organisation."""
    native = name.native
    return native.get("common_name") or native.get("organization_name") or name.human_friendly


def _iso(value):
    return value.isoformat() if value is not None else None


def _unchanged_levels():
    # Later revisions that only add signatures, time stamps or validation data leave the signed
    # content as it was (ISO 32000-2 12.8.2.2; pyHanko's difference analysis).
    return {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING}


def _signature(sig, vc) -> dict:
    is_ts = sig.sig_object.get("/Type") == "/DocTimeStamp"
    if is_ts:
        status = off_loop(validate_pdf_timestamp, sig, validation_context=vc)
    else:
        status = off_loop(validate_pdf_signature, sig, signer_validation_context=vc)
    level = status.modification_level
    whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    changed = not status.intact or (not whole_file and level not in _unchanged_levels())
    out = {
        "field": sig.field_name,
        "kind": "document_timestamp" if is_ts else "signature",
        "signer": _name(status.signing_cert),
        "issuer": _dn(status.signing_cert.issuer),
        "certificate_sha256": status.signing_cert.sha256.hex(),
        "intact": bool(status.intact),
        "valid": bool(status.valid),
        "trusted": bool(status.trusted),
        "changed_after_signing": bool(changed),
        "covers_whole_file": whole_file,
        "modification": level.name.lower() if level is not None else None,
        "signing_time": None,
        "timestamp": None,
        "timestamp_authority": None,
        "reason": None,
    }
    if is_ts:
        out["timestamp"] = _iso(status.timestamp)
        out["timestamp_authority"] = out["signer"]
    else:
        out["signing_time"] = _iso(status.signer_reported_dt)
        ts = status.timestamp_validity
        if ts is not None:
            out["timestamp"] = _iso(ts.timestamp)
            out["timestamp_authority"] = _name(ts.signing_cert)
            out["timestamp_valid"] = bool(ts.intact and ts.valid)
            out["timestamp_trusted"] = bool(ts.trusted)
        reason = sig.sig_object.get("/Reason")
        out["reason"] = str(reason) if reason is not None else None
    out["ok"] = bool(out["intact"] and out["valid"] and not changed)
    return out


def verify_pdf_signatures(data: bytes, *, extra_roots=()) -> list[dict]:
    """Validate every signature and document time stamp in a PDF; [] when it has none or is
    no PDF pyHanko can read.

    Each dict: field, kind ("signature" | "document_timestamp"), signer, issuer,
    certificate_sha256, signing_time (ISO UTC, as the signer claims), timestamp (ISO UTC from the
    RFC 3161 token, when present), timestamp_authority, intact (the signed bytes are unchanged),
    valid (cryptographically), trusted (the chain ends in LLP_GOV_TRUST_ROOTS or extra_roots),
    changed_after_signing (content changed by a later revision, not just further signatures),
    covers_whole_file, modification, reason, ok (intact, valid and unchanged), or for a signature
    that cannot be checked at all: field, kind, ok False and error. Never alters ``data``.
    """

    if not data.lstrip()[:5].startswith(b"%PDF"):
        return []
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        log.info("no readable signatures: %s", exc)
        return []
    if not sigs:
        return []
    vc = validation_context(extra_roots=extra_roots)
    results = []
    for sig in sigs:
        try:
            results.append(_signature(sig, vc))
        except Exception as exc:  # a malformed signature must not break the upload
            log.info("signature %s not verifiable: %s", sig.field_name, exc)
            results.append(
                {
                    "field": sig.field_name,
                    "kind": "signature",
                    "ok": False,
                    "intact": False,
                    "valid": False,
                    "trusted": False,
                    "changed_after_signing": True,
                    "error": str(exc)[:300],
                }
            )
    return results
