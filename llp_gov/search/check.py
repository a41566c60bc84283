"""Compare the index with the database: missing, stale and orphaned entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from llp_gov.db import db
from llp_gov.search import index, outbox, sources
from llp_gov.search.schema import SCHEMA_VERSION


@dataclass
class Report:
    """What `run` found: index schema version, documents missing from / stale in / orphaned in
    the index (document ids as text) and outbox rows not yet drained."""

    schema_ok: bool
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    queued: int = 0

    @property
    def ok(self) -> bool:
        """True when the index matches the database."""
        return self.schema_ok and not (self.missing or self.stale or self.orphaned)

    def lines(self) -> list[str]:
        """The report as lines for the command line."""
        out = []
        if not self.schema_ok:
            out.append(
                f"The index was built with another schema version (expected {SCHEMA_VERSION}): run reindex."
            )
        out += [f"missing: document {i}" for i in self.missing]
        out += [f"stale: document {i}" for i in self.stale]
        out += [f"orphaned: document {i} is indexed but not in the database" for i in self.orphaned]
        if self.queued:
            out.append(f"{self.queued} outbox rows wait for the next drain.")
        out.append("OK" if self.ok else "Problems found.")
        return out


def run() -> Report:
    """Compare the index with the database (every registered source) and report.

    Reads every record of every registered source in chunks of 500 and the stored stamp of
    every indexed document; returns a Report (changes nothing except creating an empty index
    when there is none). Raises nothing of its own."""
    if not index.index_dir().exists():
        index.open_index()
    report = Report(schema_ok=index.is_current())
    indexed = index.indexed_stamps()
    with Session(bind=db.engine) as session:
        report.queued = outbox.pending_count(session)
        seen = set()
        for kind in sources.kinds():
            source = sources.get(kind)
            ids = list(source.all_ids(session))
            for start in range(0, len(ids), 500):
                for target_id, fields in source.load(session, ids[start : start + 500]).items():
                    key = str(target_id)
                    seen.add(key)
                    if fields is None:
                        continue
                    if key not in indexed:
                        report.missing.append(key)
                    elif indexed[key] != fields["stamp"]:
                        report.stale.append(key)
                session.expunge_all()
        report.orphaned = sorted(set(indexed) - seen, key=int)
    return report
