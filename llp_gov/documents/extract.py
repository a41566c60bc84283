"""Run text extraction in a child process with a memory limit and a timeout, then normalise."""

from __future__ import annotations

import multiprocessing
import re
import unicodedata
from dataclasses import dataclass

from flask import current_app

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3\u3005\u3006"
# PDF extractors break Japanese sentences at every visual line: join lines between two CJK chars.
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\r?\n[ \t]*(?=[{_CJK}])")

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


def normalise(text: str) -> str:
    """NFKC, then remove line breaks between two CJK characters."""
    text = unicodedata.normalize("NFKC", text)
    return _CJK_BREAK.sub("", text)


def extract(data: bytes, mime: str, encoding: str | None = None) -> Extraction:
    """Extract and normalise text; a timeout or memory exhaustion is a failed extraction."""
    from llp_gov.documents import extract_worker

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
    if status == "ok":
        return Extraction("ok", text=normalise(payload))
    return Extraction(status, error=payload)
