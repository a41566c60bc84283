"""The one analyzer for Japanese, Korean and English (Whoosh pickles it into the index).

NFKC first. Latin and digit runs become lowercased, Porter-stemmed words. Han, kana and Hangul
runs become overlapping bigrams plus unigrams at the same positions (so 甲, 乙, 갑, 을 are
found, and a word inside a compound such as 事業組合 in 有限責任事業組合 is a phrase of
consecutive bigrams). Positions feed phrase queries; character offsets (into the NFKC text)
feed highlights. Changing anything here means bumping SCHEMA_VERSION in schema.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from operator import add

from whoosh.analysis import Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem

CJK_RANGES = (
    "\u1100-\u11ff"  # Hangul jamo
    "\u3005-\u3007"  # 々 〆 〇
    "\u3040-\u309f"  # hiragana
    "\u30a0-\u30ff"  # katakana (with ー)
    "\u3130-\u318f"  # Hangul compatibility jamo
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7a3"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
)
RUN = re.compile(rf"(?P<cjk>[{CJK_RANGES}]+)|(?P<word>[^\W_{CJK_RANGES}]+)")
RUN_WORDS = re.compile(rf"[^\W_{CJK_RANGES}]+")


def nfkc(text: str) -> str:
    """Unicode NFKC of `text` (None or "" -> ""): full-width Latin and half-width kana folded,
    as Unicode Standard Annex #15 defines (https://unicode.org/reports/tr15/)."""
    return unicodedata.normalize("NFKC", text or "")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Porter stem of a Latin word, lowercased (M. F. Porter, "An algorithm for suffix
    stripping", 1980; https://tartarus.org/martin/PorterStemmer/), memoised."""
    return porter_stem(word.lower())


class CJKBigramTokenizer(Tokenizer):
    """Tokenizer and analyzer in one (it needs no filters)."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __hash__(self):
        return hash(self.__class__)

    def __call__(  # noqa: PLR0917 (Whoosh calls tokenizers with these positionally)
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = nfkc(value)
        if not tokenize:
            t.original = t.text = text
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(text)
            yield t
            return
        pos = start_pos
        for m in RUN.finditer(text):
            if m.group("word"):
                t.text = stem(m.group("word"))
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = m.group("word")
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar, t.endchar = start_char + m.start(), start_char + m.end()
                yield t
                pos += 1
                continue
            run = m.group("cjk")
            base = m.start()
            for i, ch in enumerate(run):
                grams = (run[i : i + 2], ch) if i + 1 < len(run) else (ch,)
                for gram in grams:
                    t.text = gram
                    t.boost = 1.0
                    t.stopped = False
                    if keeporiginal:
                        t.original = gram
                    if positions:
                        t.pos = pos
                    if chars:
                        t.startchar = start_char + base + i
                        t.endchar = t.startchar + len(gram)
                    yield t
                pos += 1


def index_terms(text: str) -> Counter:
    """term -> frequency for indexing, the same terms as the tokenizer yields, without Token
    objects: one regex pass, grams built by C-level slicing and map(), counted by Counter."""
    terms: list[str] = []
    extend = terms.extend
    append = terms.append
    for m in RUN.finditer(nfkc(text)):
        run = m.group()
        if m.lastgroup == "word":
            append(stem(run))
        else:
            extend(run)  # unigrams
            extend(map(add, run, run[1:]))  # bigrams
    return Counter(terms)


def latin_words(text: str) -> list[str]:
    """The distinct words of letters (not CJK, not digits) of `text`, NFKC and lowercased."""
    return sorted({w.lower() for w in RUN_WORDS.findall(nfkc(text)) if w.isalpha()})


def analyzer() -> CJKBigramTokenizer:
    """The analyzer of the `text` field (and of Whoosh's own query tools)."""
    return CJKBigramTokenizer()


def query_groups(text: str) -> list[tuple[str, list[str], str]]:
    """Split a query into groups: ("word", [stem], surface) or ("cjk", grams for a phrase, surface).

    A CJK run of n >= 2 characters is its n-1 consecutive bigrams; one character, its unigram."""
    groups = []
    for m in RUN.finditer(nfkc(text)):
        if m.group("word"):
            groups.append(("word", [stem(m.group("word"))], m.group("word")))
        else:
            run = m.group("cjk")
            grams = [run[i : i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]
            groups.append(("cjk", grams, run))
    return groups


# The last word of a query, when Latin letters, also matches as a prefix of the indexed words, as
# users type ("Agreemen" finds Agreement, whose indexed stem "agreement" it does not equal).
# Shorter words match only whole: a two-letter prefix would expand to hundreds of words.
PREFIX_MIN_LETTERS = 3


def prefix_word(q: str) -> tuple[str, str] | None:
    """(stem, lowercased surface) of the query's last word when it is made of at least
    PREFIX_MIN_LETTERS letters (no digits, not CJK), else None."""
    groups = query_groups(q)
    if not groups:
        return None
    kind, grams, surface = groups[-1]
    if kind != "word" or len(surface) < PREFIX_MIN_LETTERS or not surface.isalpha():
        return None
    return grams[0], surface.lower()
