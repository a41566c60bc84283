"""Full-text search (Whoosh lives only in this package): analysis, schema, index, outbox, cli."""


def init_app(app):
    from flask_babel import lazy_gettext as _l

    from llp_gov.search.outbox import install_after_commit_hook
    from llp_gov.web import register_nav

    install_after_commit_hook()
    register_nav("search.index", _l("Search"), "search:read", order=21)
