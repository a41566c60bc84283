"""The documents domain: uploads, immutable versions, text extraction, document search."""


# The imports below stay in init_app: this __init__ runs on every import of a documents module
# (llp_gov.models imports documents.models), and the web/API layers and the search blueprints
# must load only when an app is built.
def init_app(app):
    """Register the search source, the Korean word-break filter, navigation and the document
    search page and API (whose modules live here, the engine in llp_gov.search)."""
    from flask_babel import lazy_gettext as _l  # noqa: PLC0415 (app factory, see above)

    from llp_gov.api import api  # noqa: PLC0415 (app factory, see above)
    from llp_gov.documents import (  # noqa: PLC0415 (app factory, see above)
        indexing,
        search_api,
        search_views,
    )
    from llp_gov.documents.wordbreak import keep_korean_words  # noqa: PLC0415 (app factory)
    from llp_gov.extensions import csrf  # noqa: PLC0415 (app factory, see above)
    from llp_gov.web import register_nav  # noqa: PLC0415 (app factory, see above)

    indexing.register()
    # Print templates (templates/pdf/_base_print.html) keep Korean words on one line.
    app.add_template_filter(keep_korean_words, "keep_korean_words")
    register_nav("documents.index", _l("Documents"), "document:read", order=20)
    # Document search (page "search.*", API "search_api.*"): the engine is llp_gov.search, the
    # permissions and filters are this domain's (search_service).
    app.register_blueprint(search_views.bp)
    api.register_blueprint(search_api.blp)
    csrf.exempt(search_api.blp)
    register_nav("search.index", _l("Search"), "search:read", order=21)
