"""PDF checks shared by the pdf and contracts tests (poppler-utils and qpdf, see scripts/system-deps.sh)."""

from __future__ import annotations

import logging
import re
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from llp_gov.pdf.fonts import is_packaged_font_name


def _run(args: list[str], pdf: bytes) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            [*args, str(path)] if args[0] != "pdftotext" else [*args, str(path), "-"],
            capture_output=True,
            text=True,
            check=False,
        )


def text_of(pdf: bytes) -> str:
    """The PDF's text (pdftotext), with all whitespace removed so that line breaks do not matter."""
    result = _run(["pdftotext", "-enc", "UTF-8"], pdf)
    assert result.returncode == 0, result.stderr
    return re.sub(r"\s+", "", result.stdout)


def embedded_fonts(pdf: bytes) -> list[str]:
    result = _run(["pdffonts"], pdf)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()[2:]
    return [line.split()[0] for line in lines if line.strip()]


def assert_only_packaged_fonts(pdf: bytes) -> None:
    fonts = embedded_fonts(pdf)
    assert fonts, "no embedded font"
    foreign = [name for name in fonts if not is_packaged_font_name(name)]
    assert not foreign, f"fonts not shipped with llp-gov: {foreign}"


def assert_qpdf_ok(pdf: bytes) -> None:
    result = _run(["qpdf", "--check"], pdf)
    assert result.returncode == 0, result.stdout + result.stderr


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextmanager
def no_weasyprint_warnings():
    """Fail on any WeasyPrint warning: a .notdef glyph, an ignored CSS rule, a refused URL."""
    logger = logging.getLogger("weasyprint")
    handler = _Collector()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
    assert not handler.messages, handler.messages
