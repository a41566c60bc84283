"""Full-text search (Whoosh lives only in this package): analysis, schema, index, outbox, cli.

Library choice: whoosh-reloaded==2.7.5 (pinned exactly in pyproject.toml). It is the maintained
continuation of Whoosh 2.7.4 with the same package name `whoosh` and the classic 2.7 API, fixes
for current Pythons (no SyntaxWarnings, which `filterwarnings = error` would turn into failures),
and a pure-Python install (no compiler on the servers). whoosh3 also keeps the 2.7 API; this
code uses nothing beyond it (Schema, TEXT/COLUMN fields, writer(timeout=, procs=, multisegment=),
commit(merge=False), update_document, Term/NumericRange, Query.docs(), search(filter=, limit=),
leaf_searchers(), Segment.segid/deleted_count(), column readers), so swapping the pin is a
one-line change plus `flask search reindex`.
Known wart worked around in index.searcher(): Searcher.refresh() fails on an empty index.
"""


def init_app(app):
    """Drain the search outbox into the index after each commit (see outbox)."""
    from llp_gov.search.outbox import install_after_commit_hook  # noqa: PLC0415 (the package imports nothing until the app is built)

    install_after_commit_hook()
