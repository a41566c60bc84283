"""Translation catalogs: one core catalog plus one per domain (Flask-Babel merges them).

    python -m llp_gov.i18n extract [DOMAIN]   add new msgids to the catalogs (en gets msgstr = msgid)
    python -m llp_gov.i18n compile            .po -> .mo for every catalog
    python -m llp_gov.i18n check              list msgids missing or untranslated in any language,
                                              and ja/ko msgstrs left as the English msgid,
                                              and msgids translated differently in two catalogs

A domain owns the messages under llp_gov/<domain>/ and templates/<domain>/ once it has a
llp_gov/<domain>/translations/ folder; everything else belongs to the core catalog.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
LOCALES = ("ja", "en", "ko")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "lazy_gettext": None,
    "_l": None,
    "ngettext": (1, 2),
    "_n": (1, 2),
    # Message contexts: one English word with two meanings ("Received" money / a received
    # notification, "Open" fiscal year / open a link) gets one msgid per context.
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
# A message with a context is keyed "context\x04msgid", as in compiled gettext catalogs.
CONTEXT_SEP = "\x04"
# A plural message (ngettext) is keyed "singular\x00plural": both forms reach the catalog, so
# the compiled catalog finds the message by its plural key (a singular-only entry is never
# found by ngettext and the page stays English: "1 documents found.").
PLURAL_SEP = "\x00"
JINJA_OPTS = {"extensions": "jinja2.ext.do"}


def catalog_dirs() -> dict[str, Path]:
    """{owner: translations directory}: "core" plus every domain with a translations/ folder."""
    dirs = {"core": PACKAGE / "translations"}
    for d in sorted(PACKAGE.glob("*/translations")):
        dirs[d.parent.name] = d
    return dirs


def owner_of(path: Path, domains: set[str]) -> str:
    """The catalog that owns the messages of `path`: llp_gov/<domain>/ and templates/<domain>/
    belong to a domain with a catalog, everything else to "core"."""
    rel = path.resolve().relative_to(ROOT)
    parts = rel.parts
    if parts[0] == "llp_gov" and len(parts) > 2 and parts[1] in domains:
        return parts[1]
    if parts[0] == "templates" and len(parts) > 2 and parts[1] in domains:
        return parts[1]
    return "core"


def sources():
    """(path, extraction method) of every Python module and Jinja template."""
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, "python"
    for path in sorted((ROOT / "templates").rglob("*.html")):
        yield path, "jinja2"


def extract_all() -> dict[str, dict[str, list[str]]]:
    """{owner: {msgid: [locations]}} for every translatable string in the code."""
    domains = set(catalog_dirs()) - {"core"}
    found: dict[str, dict[str, list[str]]] = {}
    for path, method in sources():
        options = JINJA_OPTS if method == "jinja2" else {}
        for lineno, message, _comments, context in extract_from_file(
            method, str(path), keywords=KEYWORDS, options=options
        ):
            msgids = message if isinstance(message, tuple) else (message,)
            msgid = msgids[0]
            if not msgid:
                continue
            if len(msgids) > 1 and msgids[1]:
                msgid = f"{msgid}{PLURAL_SEP}{msgids[1]}"
            if context:
                msgid = f"{context}{CONTEXT_SEP}{msgid}"
            owner = owner_of(path, domains)
            found.setdefault(owner, {}).setdefault(msgid, []).append(
                f"{path.relative_to(ROOT)}:{lineno}"
            )
    return found


def _po_path(directory: Path, locale: str) -> Path:
    return directory / locale / "LC_MESSAGES" / "messages.po"


def _read(path: Path, locale: str) -> Catalog:
    if path.exists():
        with path.open("rb") as fh:
            return read_po(fh, locale=locale)
    return Catalog(locale=locale, project="llp-gov")


def _forms(string: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """The msgstr forms of a message (one for a singular message, one per plural form)."""
    if isinstance(string, (tuple, list)):
        return tuple(s or "" for s in string)
    return (string or "",)


def template(messages: dict[str, list[str]]) -> Catalog:
    """A catalog template (.pot) of `messages` ({msgid: ["path:line", ...]}), first 3 locations."""
    pot = Catalog(project="llp-gov")
    for key, locations in messages.items():
        context, _sep, msgid = key.rpartition(CONTEXT_SEP)
        singular, _sep, plural = msgid.partition(PLURAL_SEP)
        pot.add(
            (singular, plural) if plural else singular,
            locations=[(p, int(n)) for p, n in (loc.rsplit(":", 1) for loc in locations[:3])],
            context=context or None,
        )
    return pot


def merge(catalog: Catalog, pot: Catalog, locale: str) -> Catalog:
    """Babel's Catalog.update: translations kept, locations refreshed, new msgids added (English:
    msgstr = msgid) and msgids gone from the code moved to `catalog.obsolete` (written as ``#~``
    and left out of the .mo). No fuzzy guesses: a new msgid is untranslated until someone
    translates it."""
    catalog.update(pot, no_fuzzy_matching=True, update_creation_date=False)
    if locale == "en":
        for message in catalog:
            if message.id and not all(_forms(message.string)):
                message.string = message.id
    return catalog


def extract(only: str | None = None) -> None:
    """Merge the msgids found in the code into the .po files of every catalog, or of `only`
    (a domain name, or "core"); see `merge`."""
    found = extract_all()
    for owner, directory in catalog_dirs().items():
        if only and owner != only:
            continue
        for locale in LOCALES:
            # A template per locale: Catalog.update adds the template's own Message objects,
            # so English's msgstr = msgid would otherwise reach the locales merged after it.
            pot = template(found.get(owner, {}))
            path = _po_path(directory, locale)
            catalog = merge(_read(path, locale), pot, locale)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as fh:
                write_po(fh, catalog, width=0, sort_output=True, omit_header=False)
            print(
                f"{path.relative_to(ROOT)}: {len(catalog)} messages,"
                f" {len(catalog.obsolete)} obsolete"
            )


def compile_all() -> None:
    """Compile every catalog's .po files to .mo (obsolete messages left out)."""
    for directory in catalog_dirs().values():
        for locale in LOCALES:
            po = _po_path(directory, locale)
            if not po.exists():
                continue
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=locale)
            # Written beside and renamed over: a process reading the catalogs meanwhile (CI runs
            # two suites at once, each compiling first) never sees a half-written file.
            mo = po.with_suffix(".mo")
            partial = mo.with_name(f".{mo.name}.{os.getpid()}")
            with partial.open("wb") as fh:
                write_mo(fh, catalog)
            os.replace(partial, mo)


def missing() -> dict[str, list[str]]:
    """Per locale, the msgids in the code that no catalog translates."""
    wanted: set[str] = set()
    for messages in extract_all().values():
        wanted.update(messages)
    out: dict[str, list[str]] = {}
    for locale in LOCALES:
        have = set()
        for directory in catalog_dirs().values():
            path = _po_path(directory, locale)
            if not path.exists():
                continue
            for message in _read(path, locale):
                if message.id and all(_forms(message.string)) and not message.fuzzy:
                    msgid = (
                        message.id
                        if isinstance(message.id, str)
                        else PLURAL_SEP.join(message.id[:2])
                    )
                    if message.context:
                        msgid = f"{message.context}{CONTEXT_SEP}{msgid}"
                    have.add(msgid)
        out[locale] = sorted(wanted - have)
    return out


# What a Japanese or Korean msgstr may keep from its English msgid: format placeholders,
# e-mail addresses, URLs and these codes/loanwords (written the same way in ja and ko UIs).
LATIN_ALLOWED = frozenset({"PDF", "CSV", "XLSX", "API", "URL", "ID", "SHA-256"})
_KEEPABLE = re.compile(
    r"%\([^)]*\)[sdifr]|%[sdifr%]|\{[^}]*\}"  # placeholders: %(name)s, %s, {name}
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|https?://\S+"  # URLs
)
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def _has_english_words(text: str) -> bool:
    """True when `text` holds a Latin word of two letters or more besides placeholders,
    e-mail addresses, URLs and the codes of LATIN_ALLOWED."""
    tokens = re.split(r"[^A-Za-z0-9-]+", _KEEPABLE.sub(" ", text))
    return any(_ENGLISH_WORD.search(t) for t in tokens if t not in LATIN_ALLOWED)


def _compiled_messages(locale: str):
    """(owner, msgids, msgstr forms, context) of every message of every catalog of `locale`
    that is compiled (fuzzy and obsolete entries are not); msgids has both forms of a plural."""
    for owner, directory in catalog_dirs().items():
        path = _po_path(directory, locale)
        if not path.exists():
            continue
        for message in _read(path, locale):
            if not message.id or message.fuzzy:
                continue
            ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
            raw = message.string
            strings = tuple(s or "" for s in (raw if isinstance(raw, (tuple, list)) else (raw,)))
            yield owner, ids, strings, message.context


def copied_english() -> dict[str, list[str]]:
    """Per locale ("ja", "ko"), the "<owner>: <msgid>" entries whose msgstr is the English
    msgid itself with English words in it: a copied msgid is not empty, so `missing` cannot see
    it, yet the page shows English. A plural msgstr is reported when any of its forms is one of
    the English forms (Korean has one form for both); fuzzy and obsolete entries are left out
    (they are not compiled)."""
    out: dict[str, list[str]] = {}
    for locale in ("ja", "ko"):
        found: list[str] = []
        for owner, ids, strings, _context in _compiled_messages(locale):
            if any(msgstr and msgstr in ids and _has_english_words(msgstr) for msgstr in strings):
                found.append(f"{owner}: {ids[0]}")
        out[locale] = sorted(found)
    return out


def collisions() -> dict[str, list[str]]:
    """Per locale, the msgids (with their context) that two catalogs translate differently, as
    "<msgid> [<context>]: <owner>=<msgstr> | ...": Flask-Babel merges every catalog into one, so
    only one of the translations is shown, on every page ("Active" 実施中 for a project read
    在籍, the partners' word). Give each meaning its own context (pgettext), or one translation
    to one meaning. Fuzzy and obsolete entries are left out (they are not compiled)."""
    out: dict[str, list[str]] = {}
    for locale in LOCALES:
        seen: dict[tuple[str | None, str], dict[str, tuple[str, ...]]] = {}
        for owner, ids, strings, context in _compiled_messages(locale):
            if any(strings):
                seen.setdefault((context, ids[0]), {})[owner] = strings
        found = []
        for (context, msgid), by_owner in seen.items():
            if len(set(by_owner.values())) > 1:
                where = f" [{context}]" if context else ""
                found.append(
                    f"{msgid}{where}: "
                    + " | ".join(f"{o}={' / '.join(s)}" for o, s in sorted(by_owner.items()))
                )
        out[locale] = sorted(found)
    return out


def main(argv: list[str]) -> int:
    """The command line (see the module docstring); returns the exit status."""
    cmd = argv[0] if argv else "check"
    if cmd == "extract":
        extract(argv[1] if len(argv) > 1 else None)
    elif cmd == "compile":
        compile_all()
    elif cmd == "check":
        gaps = missing()
        for locale, ids in gaps.items():
            for msgid in ids:
                print(f"{locale}: {msgid.replace(PLURAL_SEP, ' | ')!r}")
        copies = copied_english()
        for locale, entries in copies.items():
            for entry in entries:
                print(f"{locale}: left in English: {entry!r}")
        clashes = collisions()
        for locale, entries in clashes.items():
            for entry in entries:
                print(f"{locale}: translated differently: {entry}")
        failed = any(gaps.values()) or any(copies.values()) or any(clashes.values())
        return 1 if failed else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
