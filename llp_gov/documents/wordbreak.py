"""Korean lines break only between words in printed PDFs.

WeasyPrint (70) has no `word-break: keep-all`, and Pango breaks Hangul between any two syllables
(UAX #14 treats them like ideographs), so a contract could print 성|실하게. Korean separates words
with spaces: the filter `keep_korean_words` wraps every word that contains Hangul in
`<span class="ko-word">`, which the print base styles `white-space: nowrap`; lines then break at
the spaces. Japanese text is untouched (it breaks between characters, as it should).
"""

from __future__ import annotations

import re

from markupsafe import Markup

_TAG = re.compile(r"(<[^>]*>)")
_KO_WORD = re.compile(r"([^\s<>]*[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f][^\s<>]*)")


def keep_korean_words(html) -> Markup:
    """`html` (rendered markup) with each Hangul word in a no-wrap span; tags are not touched."""
    parts = _TAG.split(str(html))
    for i in range(0, len(parts), 2):  # even items are text between tags
        if parts[i]:
            parts[i] = _KO_WORD.sub(r'<span class="ko-word">\1</span>', parts[i])
    return Markup("".join(parts))
