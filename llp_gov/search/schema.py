"""The Whoosh schema of the document index and its version."""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from llp_gov.search.analysis import analyzer

# Bump when the analyzer or the fields change: an index of another version is rebuilt.
SCHEMA_VERSION = 1


def build_schema() -> Schema:
    a = analyzer()
    return Schema(
        doc_id=ID(stored=True, unique=True),
        org=ID,
        restricted=ID,  # "0" organisation-wide, "1" restricted to `partners`
        partners=KEYWORD,
        withdrawn=ID,
        title=TEXT(analyzer=a, phrase=True, field_boost=2.0),
        body=TEXT(analyzer=a, phrase=True),
        counterparty=TEXT(analyzer=a, phrase=True),
        counterparty_id=ID,
        doc_type=ID,
        tags=KEYWORD(commas=True, lowercase=True),
        date=NUMERIC(int, bits=32),  # date.toordinal(); absent when unknown (ranges skip it)
        amount=NUMERIC(int, bits=64),  # yen; absent when unknown
        # Sort keys: unknown sorts last in descending order.
        date_sort=NUMERIC(int, bits=32, signed=True, sortable=True),
        amount_sort=NUMERIC(int, bits=64, signed=True, sortable=True),
        created=NUMERIC(int, bits=64, sortable=True),
        stamp=STORED,  # what the database said when indexed (for `flask search check`)
    )
