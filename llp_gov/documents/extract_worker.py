"""Text extraction, run inside a child process (see extract.py): imports stay light and local.

The child answers (status, payload): ("ok", (text, pages, pages_without_text)), ("encrypted",
""), ("corrupt", message) or ("failed", message).
"""

from __future__ import annotations

import io
import resource
import zipfile


def child(conn, data: bytes, mime: str, encoding: str | None, memory_bytes: int) -> None:
    """Extract text under an address-space limit and send (status, payload) back."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        conn.send(("ok", extract(data, mime, encoding)))
    except MemoryError:
        conn.send(("failed", "memory"))
    except EncryptedError:
        conn.send(("encrypted", ""))
    except CorruptError as exc:
        conn.send(("corrupt", str(exc)[:300]))
    except Exception as exc:  # noqa: BLE001  any parser failure is reported, never raised
        conn.send(("failed", f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        conn.close()


class EncryptedError(Exception):
    pass


class CorruptError(Exception):
    pass


def extract(data: bytes, mime: str, encoding: str | None) -> tuple[str, int, int]:
    """(text, pages, pages without text) of one file of a detected type."""
    if mime == "application/pdf":
        return pdf_text(data)
    if mime.endswith("wordprocessingml.document"):
        return docx_text(data), 1, 0
    if mime.endswith("spreadsheetml.sheet"):
        return xlsx_text(data), 1, 0
    if mime.startswith("image/"):
        return "", image_pages(data), image_pages(data)
    return data.decode(encoding or "utf_8").removeprefix("\ufeff"), 1, 0


def pdf_text(data: bytes) -> tuple[str, int, int]:
    """pdfium decides about encryption: a PDF that opens without a password (one that only
    restricts printing or copying) is read; one that needs a user password is EncryptedError."""
    import pypdfium2 as pdfium  # noqa: PLC0415 (heavy parser, loaded in the extraction child only for its file type)

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedError() from None
        raise CorruptError(str(exc)) from None
    try:
        parts = []
        empty = 0
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            if not text.strip():
                empty += 1
            parts.append(text)
            textpage.close()
            page.close()
        return "\n\n".join(parts), len(parts), empty
    finally:
        pdf.close()


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Parts with text, in reading order: body, then headers, footers, footnotes, endnotes, comments.
_DOCX_PARTS = ("document", "header", "footer", "footnotes", "endnotes", "comments")
# Not what Word shows as the final text: deletions (tracked), moved-away text, field codes, and
# the fallback copy of a text box (mc:Fallback repeats mc:Choice for old readers).
_SKIP = {
    W + "del",
    W + "delText",
    W + "moveFrom",
    W + "instrText",
    W + "delInstrText",
    MC + "Fallback",
    W + "pPr",
    W + "rPr",
    W + "sectPr",
}
_BREAKS = {W + "br": "\n", W + "cr": "\n", W + "tab": "\t", W + "noBreakHyphen": "-"}


def docx_text(data: bytes) -> str:
    """Every text part of a DOCX by walking its XML (not python-docx's convenience lists): the
    body with nested tables, content controls (w:sdt), text boxes and shapes (w:txbxContent),
    field results; the headers and footers of every section; footnotes, endnotes, comments.
    Tracked insertions are included and tracked deletions excluded (Word's final text)."""
    from lxml import etree  # noqa: PLC0415 (heavy parser, loaded in the extraction child only for its file type)

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptError(str(exc)) from None
    with zf:
        names = sorted(
            (n for n in zf.namelist() if _docx_part_rank(n) is not None),
            key=lambda n: (_docx_part_rank(n), len(n), n),
        )
        if "word/document.xml" not in names:
            raise CorruptError("no word/document.xml")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        out: list[str] = []
        for name in names:
            try:
                root = etree.fromstring(zf.read(name), parser)
            except etree.XMLSyntaxError as exc:
                raise CorruptError(f"{name}: {exc}") from None
            _walk(root, out)
            out.append("\n\n")
    # Paragraphs are not visual line breaks: keep them apart from the CJK line joining.
    text = "".join(out)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def _docx_part_rank(name: str) -> int | None:
    if not name.startswith("word/") or not name.endswith(".xml") or name.count("/") != 1:
        return None
    stem = name[5:-4]
    for rank, prefix in enumerate(_DOCX_PARTS):
        if stem == prefix:
            return rank
        numbered = stem.startswith(prefix) and stem[len(prefix) :].isdigit()
        if prefix in ("header", "footer") and numbered:
            return rank
    return None


def _walk(el, out: list[str]) -> None:
    tag = el.tag
    if not isinstance(tag, str) or tag in _SKIP:
        return
    if tag == W + "t":
        out.append(el.text or "")
        return
    brk = _BREAKS.get(tag)
    if brk is not None:
        out.append(brk)
        return
    for child in el:
        _walk(child, out)
    if tag in (W + "p", W + "tc"):
        out.append("\n\n")


def xlsx_text(data: bytes) -> str:
    """All sheets' cell text (read-only mode: rows are streamed, not loaded at once)."""
    import openpyxl  # noqa: PLC0415 (heavy parser, loaded in the extraction child only for its file type)

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001  openpyxl raises many types for a bad package
        raise CorruptError(str(exc)) from None
    parts: list[str] = []
    try:
        for ws in wb.worksheets:
            parts.append(ws.title)
            for row in ws.iter_rows(values_only=True):
                cells = [_cell(v) for v in row if v is not None and str(v).strip() != ""]
                if cells:
                    parts.append("\t".join(cells))
            parts.append("")
    finally:
        wb.close()
    return "\n\n".join(parts).strip()


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def heif_support() -> None:
    """Let Pillow open HEIC/HEIF (pillow-heif); idempotent."""
    import pillow_heif  # noqa: PLC0415 (heavy parser, loaded in the extraction child only for its file type)

    pillow_heif.register_heif_opener()


def image_pages(data: bytes) -> int:
    """Pages of an image (a TIFF may hold several); a damaged image is CorruptError."""
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415 (heavy parser, loaded in the extraction child only for its file type)

    heif_support()
    try:
        with Image.open(io.BytesIO(data)) as im:
            return max(1, getattr(im, "n_frames", 1))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise CorruptError(str(exc)) from None


def preview_child(conn, data: bytes, mime: str, width: int, memory_bytes: int) -> None:
    """Render the first page (PDF) or frame (image) as a PNG `width` pixels wide."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        conn.send(("ok", preview_png(data, mime, width)))
    except EncryptedError:
        conn.send(("encrypted", ""))
    except Exception as exc:  # noqa: BLE001  no preview is a normal outcome, reported
        conn.send(("failed", f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        conn.close()


def preview_png(data: bytes, mime: str, width: int) -> bytes:
    from PIL import Image  # noqa: PLC0415 (heavy parser, loaded in the extraction child only for its file type)

    if mime == "application/pdf":
        import pypdfium2 as pdfium  # noqa: PLC0415 (heavy parser, loaded in the extraction child only for its file type)

        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise EncryptedError() from None
            raise
        try:
            page = pdf[0]
            scale = width / max(page.get_width(), 1)
            image = page.render(scale=scale).to_pil()
            page.close()
        finally:
            pdf.close()
    else:
        heif_support()
        with Image.open(io.BytesIO(data)) as im:
            im.seek(0)
            image = im.convert("RGB")
            image.thumbnail((width, width * 2))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def to_png(data: bytes) -> bytes:
    """The first frame of an image Tesseract's toolchain cannot read (HEIC) as a PNG."""
    from PIL import Image  # noqa: PLC0415 (heavy parser, loaded in the extraction child only for its file type)

    heif_support()
    with Image.open(io.BytesIO(data)) as im:
        out = io.BytesIO()
        im.convert("RGB").save(out, "PNG", dpi=im.info.get("dpi", (300, 300)))
        return out.getvalue()
