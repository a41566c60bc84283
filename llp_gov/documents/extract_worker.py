"""Text extraction, run inside a child process (see extract.py): imports stay light and local."""

from __future__ import annotations

import io
import resource


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


def extract(data: bytes, mime: str, encoding: str | None) -> str:
    if mime == "application/pdf":
        return _pdf(data)
    if mime.endswith("wordprocessingml.document"):
        return _docx(data)
    return data.decode(encoding or "utf_8").removeprefix("\ufeff")


def _pdf(data: bytes) -> str:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedError() from None
        raise CorruptError(str(exc)) from None
    try:
        parts = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n\n".join(parts)
    finally:
        pdf.close()


def _docx(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001  python-docx raises many types for a bad package
        raise CorruptError(str(exc)) from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    # Paragraphs are not visual line breaks: keep them apart from the CJK line joining.
    return "\n\n".join(parts)
