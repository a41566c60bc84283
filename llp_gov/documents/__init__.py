"""The documents domain: uploads, immutable versions, text extraction, document search."""


def init_app(app):
    from flask_babel import lazy_gettext as _l

    from llp_gov.api import api
    from llp_gov.documents import indexing, search_api, search_views
    from llp_gov.extensions import csrf
    from llp_gov.web import register_nav

    indexing.register()
    # Print templates (templates/pdf/_base_print.html) keep Korean words on one line.
    from llp_gov.documents.wordbreak import keep_korean_words

    app.add_template_filter(keep_korean_words, "keep_korean_words")
    register_nav("documents.index", _l("Documents"), "document:read", order=20)
    # Document search (page "search.*", API "search_api.*"): the engine is llp_gov.search, the
    # permissions and filters are this domain's (search_service).
    app.register_blueprint(search_views.bp)
    api.register_blueprint(search_api.blp)
    csrf.exempt(search_api.blp)
    register_nav("search.index", _l("Search"), "search:read", order=21)
