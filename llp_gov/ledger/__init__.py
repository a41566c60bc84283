"""The ledger: double-entry books, partners' capital, allocation, distributions, exports."""

# The monthly balances model and its posting listener belong to the books' schema: load them
# whenever the ledger's models are (llp_gov.models imports llp_gov.ledger.models).
from llp_gov.ledger import balances as _balances  # noqa: F401


def init_app(app):
    # Loaded when the app is built, not when models import the package (compliance and the
    # views reach orgs and the web layer, which import the ledger's models).
    from llp_gov.ledger import compliance  # noqa: PLC0415 (at init_app: orgs imports our models)
    from llp_gov.ledger.labels import label  # noqa: PLC0415 (at init_app, with the filters)

    app.jinja_env.filters["ledger_label"] = label  # {{ account.type|ledger_label('account_type') }}

    compliance.register()
    try:
        from llp_gov.ledger.views import init_nav  # noqa: PLC0415 (the web layer, at init_app)
    except ModuleNotFoundError as exc:  # pragma: no cover - views land after the services
        if exc.name != "llp_gov.ledger.views":
            raise
    else:
        init_nav()
        # The share-refund page registers its routes on the ledger blueprint (governance).
        from llp_gov.ledger import views_refunds  # noqa: F401, PLC0415 (routes, at init_app)
