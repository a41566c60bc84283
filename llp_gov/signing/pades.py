"""PAdES signing with pyHanko: B-B without a TSA, B-T with LLP_GOV_TSA_URL, B-LTA for archives.

Signing appends an incremental update to the rendered PDF (the PDF/A-3b bytes WeasyPrint wrote are
kept unchanged before it), so the file stays PDF/A (ISO 19005-3 allows signatures, 6.4.3) and any
earlier signature stays valid.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import logging
from pathlib import Path

from asn1crypto import pem, x509
from flask import current_app
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko_certvalidator import ValidationContext

from llp_gov.signing import keys, trial_tsa

log = logging.getLogger(__name__)


def off_loop(fn, /, *args, **kwargs):
    """Call one of pyHanko's synchronous wrappers (they use asyncio.run) also where an event
    loop is already running in this thread (e.g. under Playwright's sync API): then in a
    short-lived worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


LEVEL_B_B = "B-B"
LEVEL_B_T = "B-T"
LEVEL_B_LTA = "B-LTA"


def load_certificates(spec: str | None) -> list:
    """asn1crypto certificates from ``path[:path...]`` (PEM bundles or DER files)."""
    out = []
    for part in (spec or "").split(":"):
        part = part.strip()
        if not part:
            continue
        data = Path(part).read_bytes()
        if pem.detect(data):
            for _type, _headers, der in pem.unarmor(data, multiple=True):
                out.append(x509.Certificate.load(der))
        else:
            out.append(x509.Certificate.load(data))
    return out


def trust_roots(extra=()) -> list:
    """The roots from LLP_GOV_TRUST_ROOTS plus extra (e.g. the organisation's own certificate)."""
    return load_certificates(current_app.config.get("TRUST_ROOTS")) + list(extra)


def validation_context(extra_roots=(), **kwargs):
    """A ValidationContext trusting trust_roots(extra_roots); revocation soft-fail; fetching of
    CRLs/OCSP only when LLP_GOV_SIGNING_FETCH is true (default true outside tests)."""
    fetch = current_app.config.get("SIGNING_FETCH")
    if fetch is None:
        fetch = not current_app.testing
    return ValidationContext(
        trust_roots=trust_roots(extra_roots),
        allow_fetching=bool(fetch),
        revocation_mode="soft-fail",
        **kwargs,
    )


def timestamper(signer=None):
    """The RFC 3161 client for LLP_GOV_TSA_URL; without it, the local trial TSA (trial_tsa) when
    ``signer`` is a trial (self-signed) key and the trial TSA was created by ``flask signing
    init``; else None (B-B). Tests may put a pyHanko TimeStamper in
    app.config["SIGNING_TIMESTAMPER"]."""
    injected = current_app.config.get("SIGNING_TIMESTAMPER")
    if injected is not None:
        return injected
    url = current_app.config.get("TSA_URL")
    if url:
        return HTTPTimeStamper(url, timeout=int(current_app.config.get("TSA_TIMEOUT", 20)))
    if signer is not None and trial_tsa.is_trial_signer(signer):
        return trial_tsa.timestamper()
    return None


def _own_roots(signer) -> list:
    """The signer's own certificate, plus the trial TSA's when the signer is a trial key (the
    B-LTA validation data of a trial signature covers its trial time stamp)."""
    roots = [signer.signing_cert]
    if trial_tsa.is_trial_signer(signer) and (tsa_cert := trial_tsa.certificate()) is not None:
        roots.append(tsa_cert)
    return roots


def sign_pdf(
    data: bytes,
    *,
    organisation,
    reason: str,
    archive: bool = False,
    location: str | None = None,
) -> tuple[bytes, str] | None:
    """Sign ``data`` (a PDF) with the organisation's key as an incremental update.

    Returns (signed bytes, level) where level is "B-B", "B-T" (LLP_GOV_TSA_URL set, or a trial
    key with the trial TSA, see trial_tsa) or "B-LTA"
    (archive=True and a TSA: validation data embedded and a document time stamp added), or None
    when the organisation has no signing key. Raises pyHanko's errors when the TSA cannot be
    reached (the caller's transaction is rolled back: nothing is stored unsigned by accident).
    Standard: ETSI EN 319 142-1 (PAdES baseline), RFC 3161.
    """

    with keys.open_signer(organisation) as signer:
        if signer is None:
            return None
        return _sign(
            data,
            signer,
            organisation=organisation,
            reason=reason,
            archive=archive,
            location=location,
        )


def _sign(
    data: bytes, signer, *, organisation, reason: str, archive: bool, location: str | None
) -> tuple[bytes, str]:
    tsa = timestamper(signer)
    lta = bool(archive and tsa)
    vc = validation_context(extra_roots=_own_roots(signer)) if lta else None
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    taken = {name for name, _value, _ref in fields.enumerate_sig_fields(writer.prev)}
    field_name = next(f"Signature{n}" for n in range(1, 1000) if f"Signature{n}" not in taken)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location or organisation.office_address or None,
        name=organisation.name,
        embed_validation_info=lta,
        use_pades_lta=lta,
        validation_context=vc,
    )
    out = off_loop(signers.sign_pdf, writer, meta, signer=signer, timestamper=tsa)
    level = LEVEL_B_LTA if lta else (LEVEL_B_T if tsa else LEVEL_B_B)
    return out.getvalue(), level


def last_timestamp_expiry(data: bytes):
    """The notAfter (UTC) of the certificate of the newest time stamp in the PDF (signature time
    stamp or document time stamp), or None when it carries none."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    newest = None
    for sig in reader.embedded_signatures:
        token = None
        if sig.sig_object.get("/Type") == "/DocTimeStamp":
            token = sig.signed_data
        else:
            attrs = sig.signer_info["unsigned_attrs"]
            if attrs.native is not None:
                for attr in attrs:
                    if attr["type"].native == "signature_time_stamp_token":
                        token = attr["values"][0]["content"]
        if token is None:
            continue
        certs = [c.chosen for c in token["certificates"]]
        sid = token["signer_infos"][0]["sid"].chosen
        for cert in certs:
            if cert.issuer == sid["issuer"] and cert.serial_number == sid["serial_number"].native:
                expiry = cert["tbs_certificate"]["validity"]["not_after"].native
                newest = expiry if newest is None else max(newest, expiry)
    return newest


def restamp(data: bytes, *, organisation) -> bytes:
    """Add a new document time stamp over the whole file after refreshing the validation data of
    the last one (PAdES B-LTA renewal, ETSI EN 319 142-1 5.5). Needs LLP_GOV_TSA_URL."""

    with keys.open_signer(organisation) as signer:
        tsa = timestamper(signer)
        extra = _own_roots(signer) if signer is not None else []
    if tsa is None:
        raise RuntimeError("LLP_GOV_TSA_URL is not set")
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    out = io.BytesIO()
    off_loop(
        PdfTimeStamper(tsa).update_archival_timestamp_chain,
        reader,
        validation_context(extra_roots=extra),
        in_place=False,
        output=out,
    )
    return out.getvalue()
