"""PAdES signatures (pyHanko) on what the organisation issues, and verification of received ones.

Keys: each organisation signs with a PKCS#12 file. LLP_GOV_SIGNING_PKCS12 names it (``{slug}`` is
replaced by the organisation's slug; default ``<instance>/signing/{slug}.p12``) and
LLP_GOV_SIGNING_PASSWORD its passphrase (default: the file ``<p12>.pass`` beside it, written by
``flask signing init``). ``flask signing init <slug>`` makes a self-signed trial key; for production
put a certificate issued by a CA (e.g. a 商業登記電子証明書 or a commercial document-signing
certificate) in its place. A PKCS#11 token (HSM, smart card) replaces the file when
LLP_GOV_SIGNING_PKCS11_MODULE is set (keys.open_signer; TOKEN, PIN and KEY labels beside it).
Without LLP_GOV_TSA_URL a trial key is time-stamped by the local trial TSA (trial_tsa).

Time stamps: with LLP_GOV_TSA_URL set, every signature carries an RFC 3161 signature time stamp
(PAdES B-T); archived versions are extended to B-LTA (validation data in the DSS and a document
time stamp) and ``flask signing restamp`` adds a fresh document time stamp before the last one's
certificate expires. LLP_GOV_TRUST_ROOTS: PEM/DER files (separated by ``:``) of the roots trusted
when verifying received PDFs.
"""


def init_app(app) -> None:
    import logging  # noqa: PLC0415 (app factory)

    # pyHanko logs every untrusted or self-signed certificate as a WARNING with a traceback; the
    # outcome is a normal answer here (shown on the document page and in the JSON), not a fault.
    logging.getLogger("pyhanko.sign.validation.generic_cms").setLevel(logging.ERROR)
    from llp_gov.signing.received import document_signatures  # noqa: PLC0415 (app factory)

    # templates/signing/_signatures.html (included by the document page) calls it.
    app.jinja_env.globals["document_signatures"] = document_signatures
    from llp_gov.audit import anchoring  # noqa: PLC0415 (app factory)
    from llp_gov.documents import hooks as document_hooks  # noqa: PLC0415 (app factory)
    from llp_gov.signing import anchors  # noqa: PLC0415 (app factory)

    # What the layers below ask of signing: RFC 3161 time stamps on audit anchors, and the
    # signatures of a received PDF for the documents API.
    anchoring.register(stamp=anchors.stamp, check=anchors.check)
    document_hooks.register(signatures_of=document_signatures)
    app.jinja_env.filters["iso_localdt"] = _iso_localdt
    from llp_gov.jobs.periodic import register_daily  # noqa: PLC0415
    from llp_gov.signing import services  # noqa: PLC0415

    # Daily in the worker: renew archive time stamps before they expire (B-LTA).
    register_daily("signing:restamp", services.restamp_due)


def _iso_localdt(value: str | None) -> str:
    """An ISO 8601 UTC time from a verification result, in the reader's zone and locale."""
    import datetime as dt  # noqa: PLC0415 (template filter, app factory module)

    from llp_gov.web import local_datetime  # noqa: PLC0415

    return "—" if not value else local_datetime(dt.datetime.fromisoformat(value))
