"""What gets indexed: each kind (documents today) registers how to load its index fields.

This keeps the search infrastructure free of domain imports: the documents domain registers
its source in its init_app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from llp_gov.search.schema import index_fields


@dataclass
class Source:
    """How one kind of record (documents today) is loaded into index fields."""

    kind: str
    # load(session, ids) -> {id: fields dict, or None to remove it from the index}
    load: Callable
    # all_ids(session) -> iterable of every id to index
    all_ids: Callable


_sources: dict[str, Source] = {}


def register(source: Source) -> None:
    """Register (or replace) the source of `source.kind`; called by its domain's init_app."""
    _sources[source.kind] = source


def kinds() -> list[str]:
    """The registered kinds."""
    return list(_sources)


def get(kind: str) -> Source:
    """The source of `kind`; KeyError when none is registered."""
    return _sources[kind]


def apply(writer, kind: str, ids: Iterable[int], session) -> None:
    """Bring the index in line with the database for these ids."""
    ids = list(ids)
    fields = _sources[kind].load(session, ids)
    for target_id in ids:
        doc = fields.get(target_id)
        if doc is None:
            writer.delete_by_term("doc_id", str(target_id))
        else:
            writer.update_document(**index_fields(doc))


def iter_all(kind: str, session, progress=None, chunk: int = 500):
    """(records done so far, index fields or None) for every record of a kind, for a fresh index."""
    source = _sources[kind]
    ids = list(source.all_ids(session))
    done = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        loaded = source.load(session, part)
        for n, target_id in enumerate(part, start=done + 1):
            doc = loaded.get(target_id)
            yield n, (index_fields(doc) if doc is not None else None)
        done += len(part)
        session.expunge_all()
        if progress:
            progress(done, len(ids))
