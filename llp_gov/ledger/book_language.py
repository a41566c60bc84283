"""The language of the books: the descriptions the system writes into the journal (a
reversal, the year's allocation, its reopening, a contribution or distribution) are part of one
legal record, so they are written in the organisation's language, never in the language of the
user who happened to act. Rows written before this rule keep their text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask_babel import force_locale

# A Japanese LLP keeps its books in Japanese (the Organisation model has no language of its own).
DEFAULT = "ja"


def book_locale(organisation) -> str:
    """The locale the organisation's books are written in: its own if the model has one, else ja."""
    return (
        getattr(organisation, "legal_locale", None)
        or getattr(organisation, "locale", None)
        or DEFAULT
    )


@contextmanager
def in_book_language(organisation) -> Iterator[None]:
    """gettext inside this block translates into the books' language (flask_babel.force_locale)."""
    with force_locale(book_locale(organisation)):
        yield


def book_text(organisation, message: Callable[[], str]) -> str:
    """`message()` (a gettext call, so the catalog extracts it) in the books' language."""
    with in_book_language(organisation):
        return message()
