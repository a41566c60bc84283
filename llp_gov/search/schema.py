"""The Whoosh schema of the document index and its version."""

from __future__ import annotations

from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.system import pack_uint

from llp_gov.search.analysis import analyzer, index_terms, latin_words

# Bump when the analyzer or the fields change: an index of another version is rebuilt.
SCHEMA_VERSION = 4  # 3: text_status (documents, issue 11); 4: words (prefixes, issue 14)


class GramText(TEXT):
    """Words and CJK grams with frequencies, without positions.

    Phrases are not asked of Whoosh (a CJK word of 3+ characters is the AND of its bigrams,
    verified against the text), so positions would only cost indexing time and disk. index()
    counts terms with analysis.index_terms instead of running the Token pipeline: the same terms
    as the analyzer (which queries and Whoosh's own tools still use), several times faster."""

    def __init__(self, **kwargs):
        super().__init__(analyzer=analyzer(), phrase=False, **kwargs)

    def index(self, value, **kwargs):
        """(term bytes, frequency, weight, encoded frequency) per distinct term of `value`."""
        boost = self.format.field_boost
        for term, freq in index_terms(value).items():
            yield term.encode("utf-8"), freq, freq * boost, pack_uint(freq)


def build_schema() -> Schema:
    """The index's fields (Whoosh Schema); any change bumps SCHEMA_VERSION."""
    return Schema(
        doc_id=ID(stored=True, unique=True),
        org=ID,
        restricted=ID,  # "0" organisation-wide, "1" restricted to `partners`
        partners=KEYWORD,
        withdrawn=ID,
        # Title (twice, as a boost), counterparty names and the text of every version: one field,
        # so that a word costs one posting list, not one per field.
        text=GramText(),
        # The Latin words of `text` as written (lowercased, not stemmed), once each: a partial
        # last word of a query is matched as a prefix of these ("consultin" -> consulting,
        # whose stem "consult" it does not start with). Not scored.
        words=KEYWORD(scorable=False),
        counterparty_id=ID,
        doc_type=ID,
        tags=KEYWORD(commas=True, lowercase=True),
        text_status=KEYWORD(commas=True),  # the text statuses of the document's versions
        # date.toordinal() and yen; absent when unknown (ranges skip it). A shift step of 8
        # indexes 4 and 8 trie terms instead of 8 and 16; ranges stay a handful of terms.
        date=NUMERIC(int, bits=32, shift_step=8),
        amount=NUMERIC(int, bits=64, shift_step=8),
        # Sort keys are columns only (never searched): unknown is -1, so it sorts last descending.
        date_sort=COLUMN(columns.NumericColumn("i")),
        amount_sort=COLUMN(columns.NumericColumn("q")),
        created=COLUMN(columns.NumericColumn("q")),
        stamp=STORED,  # what the database said when indexed (for `flask search check`)
    )


def index_fields(doc: dict) -> dict:
    """A source's fields (title, body, counterparty, ...) as this schema's fields."""
    doc = dict(doc)
    title = doc.pop("title", "") or ""
    counterparty = doc.pop("counterparty", "") or ""
    body = doc.pop("body", "") or ""
    doc["text"] = "\n".join((title, title, counterparty, body))
    doc["words"] = " ".join(latin_words(doc["text"]))
    return doc
