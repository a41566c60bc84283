"""The documents domain: uploads, immutable versions, text extraction."""


def init_app(app):
    from flask_babel import lazy_gettext as _l

    from llp_gov.documents import indexing
    from llp_gov.web import register_nav

    indexing.register()
    register_nav("documents.index", _l("Documents"), "document:read", order=20)
