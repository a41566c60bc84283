"""Signatures of a stored document's PDF, as the document page and JSON show them.

Results are cached per (file SHA-256, trust list): a stored file never changes (content
addressed), so only a changed LLP_GOV_TRUST_ROOTS needs a new check. The file is only read."""

from __future__ import annotations

import copy
import hashlib
from functools import lru_cache

from flask import current_app

from llp_gov.documents import storage
from llp_gov.signing.verify import verify_pdf_signatures


def _trust_key() -> str:
    return hashlib.sha256(str(current_app.config.get("TRUST_ROOTS") or "").encode()).hexdigest()


@lru_cache(maxsize=512)
def _check(sha256: str, trust_key: str, root: str) -> tuple:
    return tuple(verify_pdf_signatures(storage.read(sha256)))


def version_signatures(version) -> list[dict]:
    """verify_pdf_signatures of a document version's file ([] for anything but a PDF)."""
    if version is None or version.mime_type != "application/pdf":
        return []
    return copy.deepcopy(list(_check(version.sha256, _trust_key(), str(storage.root()))))


def document_signatures(document) -> list[dict]:
    """The signatures of the document's latest version."""
    versions = document.versions
    return version_signatures(versions[-1] if versions else None)
