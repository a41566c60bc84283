"""OCR of scans (Japanese horizontal and vertical, Korean, English) with Tesseract via OCRmyPDF.

A version whose text is `no_text` or `garbled` (a scan, an image, a font without a Unicode map)
is read by OCR. The result is a searchable PDF stored beside the untouched original (the same
content-addressed store; the original version's file is never altered, so signed originals stay
valid); its text becomes the version's text and is reindexed.

`run_ocr(version_id)` is the one entry point: idempotent (a version already done is left alone),
it commits its own result. The job queue (llp_gov.jobs, job "documents.ocr") calls it after the
upload's transaction commits; OCR itself runs in a child process (`ocrmypdf` as a subprocess)
with its own timeout (OCR_TIMEOUT_SECONDS).
Where Tesseract is absent, the version is `unavailable` and the page says what to install.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from flask import current_app

from llp_gov import jobs
from llp_gov.audit import services as audit
from llp_gov.db import db
from llp_gov.documents import extract, storage
from llp_gov.documents.models import DocumentVersion
from llp_gov.search import outbox

log = logging.getLogger(__name__)

DEFAULT_LANGUAGES = "jpn+jpn_vert+kor+eng"
DEBIAN_PACKAGES = (
    "tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert tesseract-ocr-kor ghostscript"
)
WANTS_OCR = ("no_text", "garbled")


def _config(key: str, default):
    return current_app.config.get(key, default)


def tesseract() -> str | None:
    """The Tesseract program, or None where it is not installed (or OCR_TESSERACT says so)."""
    configured = _config("OCR_TESSERACT", "tesseract")
    if not configured:
        return None
    return shutil.which(configured)


def languages() -> str:
    """Tesseract's language list for OCR (LLP_GOV_OCR_LANGUAGES, default jpn+jpn_vert+kor+eng)."""
    return _config("OCR_LANGUAGES", DEFAULT_LANGUAGES)


def available() -> bool:
    """Whether the OCR toolchain (Tesseract via OCRmyPDF) is installed on this machine."""
    return tesseract() is not None


def mark_for_ocr(version) -> None:
    """Set a new version's OCR state from its text status (in the caller's transaction) and,
    when OCR is possible, schedule it for after the response (see schedule)."""
    if version.text_status not in WANTS_OCR:
        version.ocr_status = None
        return
    if not available():
        version.ocr_status = "unavailable"
        version.ocr_error = None
        return
    version.ocr_status = "pending"
    version.ocr_error = None
    db.session.flush()
    schedule(version)


def schedule(version) -> None:
    """Queue OCR of this version; the job runs once the caller's transaction commits."""
    jobs.enqueue(
        "documents.ocr",
        organisation_id=version.document.organisation_id,
        target_type="document_versions",
        target_id=version.id,
        version_id=version.id,
    )


def _command(src: Path, dst: Path, mode: str) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "ocrmypdf",
        "--quiet",
        "--language",
        languages(),
        "--output-type",
        "pdf",
        "--optimize",
        "0",
        "--jobs",
        str(_config("OCR_JOBS", 1)),
        "--mode",
        mode,
        "--image-dpi",
        str(_config("OCR_IMAGE_DPI", 300)),
        str(src),
        str(dst),
    ]
    return cmd


def ocr_bytes(data: bytes, *, mode: str = "skip") -> bytes:
    """A searchable PDF of `data` (a PDF or an image): raises OcrError with a short message."""
    exe = tesseract()
    if exe is None:
        raise OcrError("unavailable")
    timeout = _config("OCR_TIMEOUT_SECONDS", 600)
    with tempfile.TemporaryDirectory(prefix="docs-ocr-") as tmp:
        src, dst = Path(tmp) / "in", Path(tmp) / "out.pdf"
        src.write_bytes(data)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        env["PATH"] = str(Path(exe).parent) + os.pathsep + env.get("PATH", "")
        try:
            proc = subprocess.run(
                _command(src, dst, mode),
                capture_output=True,
                timeout=timeout,
                env=env,
                check=False,
                start_new_session=True,
            )
        except subprocess.TimeoutExpired:
            raise OcrError("timeout") from None
        if proc.returncode != 0 or not dst.is_file():
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise OcrError(f"ocrmypdf exit {proc.returncode}: {tail[0]}"[:380])
        return dst.read_bytes()


class OcrError(Exception):
    pass


def run_ocr(version_id: int) -> str:
    """OCR one version and commit the result; return its OCR status.

    Idempotent: a version whose OCR is done is left as it is. The original file is never
    touched; the searchable PDF is stored under its own SHA-256 (ocr_sha256), its text replaces
    the version's text (text_status ok when OCR found text, no_text otherwise), the document is
    reindexed and an audit event `document:ocr` records the derived file."""
    version = db.session.get(DocumentVersion, version_id)
    if version is None:
        return "missing"
    if version.ocr_status == "done":
        return "done"
    if not available():
        version.ocr_status = "unavailable"
        db.session.commit()
        return "unavailable"
    mode = "force" if version.text_status == "garbled" else "skip"
    try:
        data = storage.read(version.sha256)
        if version.mime_type == "image/heic":
            from llp_gov.documents.extract_worker import to_png  # noqa: PLC0415

            data = to_png(data)
        pdf = ocr_bytes(data, mode=mode)
        result = extract.extract(pdf, "application/pdf")
        if result.status != "ok":
            raise OcrError(result.error or result.status)
    except OcrError as exc:
        version.ocr_status = "failed"
        version.ocr_error = str(exc)[:400]
        audit.record(
            tag="document:ocr:failed",
            actor=None,
            organisation_id=version.document.organisation_id,
            target=version.document,
            diff={"version": [None, version.number], "ocr_error": [None, version.ocr_error]},
        )
        db.session.commit()
        return "failed"
    version.ocr_sha256 = storage.store(pdf)
    version.ocr_status = "done"
    version.ocr_error = None
    old_status = version.text_status
    version.extracted_text = result.text
    version.text_status = "ok" if extract.judge(result.text) == "ok" else "no_text"
    version.languages = result.languages
    version.extraction_status = "done"
    audit.record(
        tag="document:ocr",
        actor=None,
        organisation_id=version.document.organisation_id,
        target=version.document,
        diff={
            "version": [None, version.number],
            "ocr_sha256": [None, version.ocr_sha256],
            "text_status": [old_status, version.text_status],
        },
    )
    outbox.enqueue(target_id=version.document_id)
    db.session.commit()
    return "done"


@jobs.job("documents.ocr", retries=2, base_delay=60)
def ocr_job(version_id: int) -> str:
    """The queued OCR of one version (see run_ocr)."""
    return run_ocr(version_id)
