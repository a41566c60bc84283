"""Render HTML to PDF with WeasyPrint: packaged fonts, a closed URL fetcher, fixed dates.

The one module that calls WeasyPrint. Other domains call `render_pdf` or `render_template_pdf`
with a print template from templates/pdf/ (which extends `pdf/_base_print.html`, never the site
layout), e.g. the ledger's per-partner statement or a resolution certificate.

Determinism: the same HTML, metadata and attachments give byte-identical PDFs. The creation and
modification dates are fixed (FIXED_DATE unless the caller passes the record's own date) and the
file identifier of a PDF/A is a hash of the content (a plain PDF has none).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from io import BytesIO
from typing import Any

from flask import current_app

# WeasyPrint (0.35 s CPU to import, with Pango and fontconfig) loads when the first PDF is
# rendered, not with every page, CLI command and worker that imports this module.

# Epoch used when the caller gives no date: a constant, like SOURCE_DATE_EPOCH in reproducible builds.
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
BASE_URL = "llpgov:static/"
PDF_VARIANTS = ("pdf/a-3b", "pdf/a-3u", "pdf/a-2b")

# WeasyPrint's font configuration is costly to build (it loads ~25 MB of CJK fonts) and is not
# thread-safe: keep one per process and render one document at a time.
_lock = threading.Lock()
_font_config = None


@dataclass(frozen=True)
class PdfAttachment:
    """A file embedded in the PDF (for PDF/A-3: the record's data as JSON, relationship Data)."""

    name: str
    data: bytes
    description: str = ""
    relationship: str = "Data"


def _iso(value: dt.datetime | dt.date | str | None) -> str:
    if value is None:
        value = FIXED_DATE
    if isinstance(value, str):
        return value
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _as_datetime(value: dt.datetime | dt.date | str | None) -> dt.datetime:
    return dt.datetime.strptime(_iso(value), "%Y-%m-%dT%H:%M:%SZ")


def _output_intent() -> dict[str, Any]:
    """An sRGB output intent for PDF/A, read from memory.

    WeasyPrint's own "srgb" intent opens its ICC file and never closes it (a ResourceWarning on
    every archived PDF); the same profile under another name avoids that."""
    from weasyprint.css import ColorProfile  # noqa: PLC0415 (heavy import, see top)

    icc = (files("weasyprint.pdf") / "sRGB2014.icc").read_bytes()
    profile = ColorProfile(
        BytesIO(icc), "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"])
    )
    return {"color_profiles": {"llpgov-srgb": profile}, "output_intent": "llpgov-srgb"}


def _get_font_config():
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 (heavy, see top)

        _font_config = FontConfiguration()
    return _font_config


def render_pdf(
    html: str,
    *,
    attachments: Iterable[PdfAttachment | tuple[str, bytes]] | None = None,
    pdf_variant: str | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> bytes:
    """Render an HTML string to PDF bytes.

    metadata keys (all optional): title, author (str or list), subject, keywords (list), lang,
    created, modified (datetime, date or W3C string; default FIXED_DATE). pdf_variant: one of
    PDF_VARIANTS, e.g. "pdf/a-3b" for archived copies with attachments.
    """
    from weasyprint import HTML, Attachment  # noqa: PLC0415 (heavy import, see top)

    from llp_gov.pdf.fetcher import (  # noqa: PLC0415 (subclasses WeasyPrint's URLFetcher)
        PackagedFetcher,
    )

    if pdf_variant is not None and pdf_variant not in PDF_VARIANTS:
        raise ValueError(f"unsupported PDF variant: {pdf_variant}")
    metadata = dict(metadata or {})
    fetcher = PackagedFetcher()
    created = _iso(metadata.get("created"))
    modified = _iso(metadata.get("modified") or metadata.get("created"))
    files = []
    for item in attachments or ():
        if not isinstance(item, PdfAttachment):
            item = PdfAttachment(*item)
        files.append(
            Attachment(
                string=item.data,
                url_fetcher=fetcher,
                name=item.name,
                description=item.description or None,
                created=_as_datetime(created),
                modified=_as_datetime(modified),
                relationship=item.relationship,
            )
        )
    with _lock:
        font_config = _get_font_config()
        intent = _output_intent() if pdf_variant else {}
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
            font_config=font_config, pdf_variant=pdf_variant, **intent
        )
        meta = document.metadata
        meta.created = created
        meta.modified = modified
        meta.generator = "llp-gov"
        if metadata.get("title"):
            meta.title = str(metadata["title"])
        author = metadata.get("author")
        if author:
            meta.authors = [author] if isinstance(author, str) else [str(a) for a in author]
        if metadata.get("subject"):
            meta.description = str(metadata["subject"])
        if metadata.get("keywords"):
            meta.keywords = [str(k) for k in metadata["keywords"]]
        if metadata.get("lang"):
            meta.lang = str(metadata["lang"])
        return document.write_pdf(
            attachments=files or None,
            pdf_variant=pdf_variant,
            output_intent=intent.get("output_intent"),
            # PDF/A needs a file identifier: one derived from the content keeps the output
            # byte-identical. A plain PDF goes without (optional there, and pydyf computes it
            # by serialising and compressing every object a second time: 5% of the render).
            pdf_identifier=pdf_variant is not None,
        )


def render_template_pdf(
    template_name: str,
    *,
    attachments: Iterable[PdfAttachment | tuple[str, bytes]] | None = None,
    pdf_variant: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    **context: Any,
) -> bytes:
    """Render templates/pdf/<template_name> with `context` (needs an app context) to PDF bytes.

    The template is rendered without the site's context processors, so it works outside a
    request (CLI, demo loader, workers); a print template states its own language(s) rather
    than following the viewer's interface locale."""

    if not template_name.startswith("pdf/"):
        template_name = f"pdf/{template_name}"
    html = current_app.jinja_env.get_template(template_name).render(**context)
    return render_pdf(html, attachments=attachments, pdf_variant=pdf_variant, metadata=metadata)
