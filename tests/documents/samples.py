"""Small files made in code: PDFs with real text, DOCX, text in three encodings, bad files."""

from __future__ import annotations

import io
import zipfile

from llp_gov.documents.demo import make_docx


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text pdfium extracts (Latin only: the base-14 font has no CJK)."""
    content = (
        "BT /F1 12 Tf 72 720 Td 14 TL "
        + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
            for line in lines
        )
        + " ET"
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content.encode())
            + content.encode()
            + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def cjk_pdf(lines: list[str]) -> bytes:
    """A PDF with CJK text: a Type0 font with Identity-H and a ToUnicode map (no glyphs needed
    for extraction: pdfium maps the codes through ToUnicode)."""
    chars = sorted({c for line in lines for c in line})
    code = {c: i + 1 for i, c in enumerate(chars)}
    ops = ["BT /F1 12 Tf 72 720 Td 14 TL"]
    for line in lines:
        ops.append("<" + "".join(f"{code[c]:04X}" for c in line) + "> '")
    ops.append("ET")
    content = " ".join(ops).encode()
    cmap_lines = [f"<{code[c]:04X}> <{ord(c):04X}>" for c in chars]
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def "
        "1 begincodespacerange <0000> <FFFF> endcodespacerange "
        f"{len(cmap_lines)} beginbfchar " + " ".join(cmap_lines) + " endbfchar "
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /KozMinPr6N-Regular /Encoding /Identity-H "
            b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /KozMinPr6N-Regular "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/FontDescriptor 8 0 R /DW 1000 >>",
            b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
            b"<< /Type /FontDescriptor /FontName /KozMinPr6N-Regular /Flags 4 "
            b"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
        ]
    )


def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    """A PDF that declares standard-security encryption with a user password."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
            b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -44 "
            b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
        ],
        trailer_extra=b"/Encrypt 3 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ",
    )


def corrupt_pdf() -> bytes:
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\nthis is not a pdf at all"
        + b"\x00" * 50
    )


docx = make_docx  # the same builder the demo data uses


def docx_bomb(declared: int = 1024 * 1024 * 1024) -> bytes:
    """A zip that claims word/document.xml plus a member that expands to `declared` bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        with zf.open("word/media/bomb.bin", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(declared // len(chunk)):
                fh.write(chunk)
    return buf.getvalue()


def executable() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
        + b"\x00" * 200
        + b"This program cannot be run in DOS mode."
    )
