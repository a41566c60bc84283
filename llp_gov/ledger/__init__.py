"""The ledger: double-entry books, partners' capital, allocation, distributions, exports."""


def init_app(app):
    from llp_gov.ledger import compliance

    compliance.register()
    try:
        from llp_gov.ledger.views import init_nav
    except ModuleNotFoundError as exc:  # pragma: no cover - views land after the services
        if exc.name != "llp_gov.ledger.views":
            raise
    else:
        init_nav()
