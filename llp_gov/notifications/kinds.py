"""Kinds of notification, rendered when shown, in the reader's current language (issue 14).

A domain registers a renderer for each kind it sends: `render(params) -> (subject, body)`, called
inside the reader's locale (flask_babel's current locale), so it may use gettext, format_date and
`display_name(locale)`. `params` is the JSON dict given to `notify(kind=..., params=...)`: ids to
look names up again (in the reader's language) and the values as they were (a fallback when the
row is gone). A notification whose kind is unknown here (or a row written before kinds existed)
shows the text stored when it was created.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import get_locale

Renderer = Callable[[dict[str, Any]], tuple[str, str]]
RENDERERS: dict[str, Renderer] = {}


def kind(name: str) -> Callable[[Renderer], Renderer]:
    """Register the decorated function as the renderer of notifications of kind `name`."""

    def register(render: Renderer) -> Renderer:
        RENDERERS[name] = render
        return render

    return register


def locale_code() -> str:
    """The current locale as a code ("ja", "ko", "en") for `display_name(locale)`."""
    return str(get_locale() or "")


def render(name: str | None, params: dict[str, Any] | None) -> tuple[str, str] | None:
    """(subject, body) of a notification of kind `name` in the current locale, or None when the
    kind is not registered (the caller shows the stored text)."""
    renderer = RENDERERS.get(name or "")
    if renderer is None:
        return None
    subject, body = renderer(dict(params or {}))
    return str(subject)[:300], str(body)
