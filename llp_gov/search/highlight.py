"""Snippets with the query's words marked, computed on the NFKC text the index saw."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from llp_gov.search.analysis import RUN, nfkc, prefix_word, query_groups, stem


def _spans(text: str, q: str, width: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each match of the query's words in `text`, in order. With `width`, only
    the matches that can show in a snippet of that width around the first match: the word scan
    stops past that window (a 2 KB text has hundreds of words to stem)."""
    spans = []
    lowered = text.lower()
    stems = set()
    for kind, grams, surface in query_groups(q):
        if kind == "cjk":
            for m in re.finditer(re.escape(surface.lower()), lowered):
                spans.append((m.start(), m.end()))
        else:
            stems.add(grams[0])
    word = prefix_word(q)
    typed = word[1] if word else None
    if stems:
        first = min(spans)[0] if spans else None
        for m in RUN.finditer(text):
            if width and first is not None and m.start() >= max(0, first - width // 4) + width:
                break
            found = m.group("word")
            if found and (stem(found) in stems or (typed and found.lower().startswith(typed))):
                spans.append((m.start(), m.end()))
                first = m.start() if first is None else min(first, m.start())
    return sorted(spans)


def snippet(text: str | None, q: str, width: int = 160) -> Markup:
    """A fragment around the first match (or the start), with <mark> around matches."""
    text = nfkc(text or "").replace("\r", "")
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return Markup("")
    spans = _spans(text, q, width) if q else []
    start = 0
    if spans:
        start = max(0, spans[0][0] - width // 4)
    end = min(len(text), start + width)
    out, pos = [], start
    if start > 0:
        out.append("…")
    for a, b in spans:
        if b <= pos or a >= end:
            continue
        a = max(a, pos)
        out.append(str(escape(text[pos:a])))
        out.append(f"<mark>{escape(text[a : min(b, end)])}</mark>")
        pos = min(b, end)
    out.append(str(escape(text[pos:end])))
    if end < len(text):
        out.append("…")
    return Markup("".join(out))
