"""PDF rendering: WeasyPrint behind one module (render), a closed URL fetcher, packaged fonts."""

from __future__ import annotations


def init_app(app) -> None:
    from markupsafe import Markup

    from llp_gov.pdf.fonts import font_face_css

    # Print templates include the packaged @font-face rules through this global.
    app.jinja_env.globals["pdf_font_face_css"] = lambda: Markup(font_face_css())
