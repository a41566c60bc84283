"""PDF rendering: WeasyPrint behind one module (render), a closed URL fetcher, packaged fonts."""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup

from llp_gov.pdf.fonts import font_face_css


def init_app(app: Flask) -> None:
    """Give print templates the packaged @font-face rules (`pdf_font_face_css()`)."""
    app.jinja_env.globals["pdf_font_face_css"] = lambda: Markup(font_face_css())
