"""Run text extraction in a child process with a memory limit and a timeout, then normalise and
judge what the text is worth (text_status) and which languages it is in."""

from __future__ import annotations

import multiprocessing
import re
import unicodedata
from dataclasses import dataclass

from flask import current_app

from llp_gov.documents import encodings, extract_worker

# Japanese and Chinese: no spaces between words, so a visual line break between two such
# characters is removed. Hangul is not among them: Korean separates words with spaces and breaks
# lines between words, so a break between two Hangul syllables becomes a space.
_JA_ZH = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006"
_HANGUL = r"\uac00-\ud7a3"
_JA_ZH_BREAK = re.compile(rf"(?<=[{_JA_ZH}])[ \t]*\r?\n[ \t]*(?=[{_JA_ZH}])")
_HANGUL_BREAK = re.compile(rf"(?<=[{_HANGUL}])[ \t]*\r?\n[ \t]*(?=[{_HANGUL}])")
# Share of implausible characters (replacement, private use, controls, unexpected scripts) above
# which text is garbled: a font without a Unicode map yields such text, and OCR reads it.
GARBLED_SHARE = 0.3

_context = None


def _mp():
    """A forkserver context: children fork from a small, single-threaded server, not from a
    multi-threaded web worker, and start fast because the parsers are preloaded there."""
    global _context
    if _context is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["llp_gov.documents.extract_worker", "pypdfium2", "docx"])
        _context = ctx
    return _context


@dataclass
class Extraction:
    status: str  # ok, failed, encrypted, corrupt
    text: str = ""
    error: str = ""
    text_status: str = "failed"  # see models.TEXT_STATUSES
    languages: str | None = None
    pages: int = 0


def normalise(text: str) -> str:
    """NFKC, then remove line breaks between two Japanese or Chinese characters, and turn a line
    break between two Hangul syllables into the word space it stands for."""
    text = unicodedata.normalize("NFKC", text)
    text = _JA_ZH_BREAK.sub("", text)
    return _HANGUL_BREAK.sub(" ", text)


def _plausible(c: str) -> bool:
    o = ord(c)
    if c.isascii():
        return c.isprintable() or c in "\t\n\r"
    if o == 0xFFFD or 0xE000 <= o <= 0xF8FF or o >= 0xF0000:
        return False
    if (
        0x00A0 <= o <= 0x024F  # Latin-1 and Latin Extended (names, accents)
        or 0x2000 <= o <= 0x2BFF  # punctuation, symbols, arrows, box drawing
        or 0x3000 <= o <= 0x30FF  # CJK punctuation, kana
        or 0x3130 <= o <= 0x318F  # Hangul compatibility jamo
        or 0x3200 <= o <= 0x9FFF  # enclosed CJK, extension A, unified ideographs
        or 0xAC00 <= o <= 0xD7A3  # Hangul syllables
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF  # full-width and half-width forms
    ):
        return True
    return unicodedata.category(c)[0] in "Z"


def judge(text: str) -> str:
    """ok, no_text (nothing to read) or garbled (mostly implausible characters)."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return "no_text"
    bad = sum(1 for c in chars if not _plausible(c))
    return "garbled" if bad / len(chars) > GARBLED_SHARE else "ok"


def languages(text: str) -> str | None:
    """The languages the text is written in, as "ja,ko,en" (each with a fair share of it)."""
    kana = hangul = han = latin = 0
    for c in text:
        if "\u3040" <= c <= "\u30ff":
            kana += 1
        elif "\uac00" <= c <= "\ud7a3":
            hangul += 1
        elif "\u4e00" <= c <= "\u9fff":
            han += 1
        elif c.isascii() and c.isalpha():
            latin += 1
    total = kana + hangul + han + latin
    if not total:
        return None
    found = []
    if (kana or (han and han >= hangul)) and (kana + han) / total >= 0.05:
        found.append("ja")
    if hangul / total >= 0.05:
        found.append("ko")
    if latin / total >= 0.2 or (latin >= 20 and not found):
        found.append("en")
    return ",".join(found) or None


def extract(data: bytes, mime: str, encoding: str | None = None) -> Extraction:
    """Extract, normalise and judge the text; a timeout or memory exhaustion is a failed
    extraction. Text without a plausible encoding (encoding None) is failed, never mojibake."""
    if mime == "text/plain" and encoding is None:
        return Extraction(
            "failed",
            error=f"no plausible text encoding (tried {encodings.TRIED})",
            text_status="failed",
        )
    cfg = current_app.config
    timeout = cfg["EXTRACT_TIMEOUT_SECONDS"]
    memory = cfg["EXTRACT_MEMORY_BYTES"]
    ctx = _mp()
    parent, child_end = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=extract_worker.child, args=(child_end, data, mime, encoding, memory))
    proc.start()
    child_end.close()
    try:
        if not parent.poll(timeout):
            return Extraction("failed", error="timeout")
        try:
            status, payload = parent.recv()
        except EOFError:
            return Extraction("failed", error="crashed")
    finally:
        parent.close()
        if proc.is_alive():
            proc.join(1)
        if proc.is_alive():
            proc.kill()
        proc.join()
        proc.close()
    if status != "ok":
        text_status = "encrypted" if status == "encrypted" else "failed"
        return Extraction(status, error=payload, text_status=text_status)
    raw, pages, empty_pages = payload
    text = normalise(raw)
    text_status = "no_text" if empty_pages else judge(text)
    return Extraction(
        "ok", text=text, text_status=text_status, languages=languages(text), pages=pages
    )


PREVIEW_WIDTH = 480


def preview(data: bytes, mime: str, width: int = PREVIEW_WIDTH) -> bytes | None:
    """A PNG of the first page (rendered by pdfium in a child with the extraction's limits),
    or None when the file has no preview (text, Word, Excel, encrypted, unreadable)."""
    if mime != "application/pdf" and not mime.startswith("image/"):
        return None
    cfg = current_app.config
    ctx = _mp()
    parent, child_end = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=extract_worker.preview_child,
        args=(child_end, data, mime, width, cfg["EXTRACT_MEMORY_BYTES"]),
    )
    proc.start()
    child_end.close()
    try:
        if not parent.poll(cfg["EXTRACT_TIMEOUT_SECONDS"]):
            return None
        try:
            status, payload = parent.recv()
        except EOFError:
            return None
    finally:
        parent.close()
        if proc.is_alive():
            proc.join(1)
        if proc.is_alive():
            proc.kill()
        proc.join()
        proc.close()
    return payload if status == "ok" else None
