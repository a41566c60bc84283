"""The only URL fetcher WeasyPrint gets: packaged fonts, packaged static files and data: URLs.

Templates reference resources as `llpgov:fonts/<file>` and `llpgov:static/<path>`. Everything
else (file:, http:, https:, ftp:, other schemes) is refused, so a template or a user-supplied
string can never make the renderer read the server's files or call the network (SSRF).
"""

from __future__ import annotations

import mimetypes
from functools import lru_cache
from pathlib import Path

from weasyprint.urls import URLFetcher, URLFetcherResponse

from llp_gov.pdf.fonts import FONT_DIR

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
SCHEME = "llpgov:"
ROOTS = {"fonts": FONT_DIR.resolve(), "static": STATIC_DIR}


class RefusedURL(ValueError):
    """A URL outside the packaged fonts and static files."""


def resolve(url: str) -> Path:
    """Map an llpgov: URL onto a packaged file, or raise RefusedURL."""
    if not url.startswith(SCHEME):
        raise RefusedURL(f"refused URL: {url[:200]}")
    rest = url[len(SCHEME) :].split("?", 1)[0].split("#", 1)[0]
    root_name, _, relative = rest.partition("/")
    root = ROOTS.get(root_name)
    if root is None or not relative:
        raise RefusedURL(f"refused URL: {url[:200]}")
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise RefusedURL(f"refused URL: {url[:200]}")
    return path


@lru_cache(maxsize=64)
def _read(path: Path) -> bytes:
    return path.read_bytes()


class PackagedFetcher(URLFetcher):
    """Serve llpgov: and data: URLs; refuse the rest."""

    def __init__(self):
        super().__init__(allowed_protocols=("data",), allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = resolve(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".ttf":
            content_type = "font/ttf"
        return URLFetcherResponse(url, _read(path), {"Content-Type": content_type})
