"""The ledger: double-entry books, partners' capital, allocation, distributions, exports."""

# The monthly balances model and its posting listener belong to the books' schema: load them
# whenever the ledger's models are (llp_gov.models imports llp_gov.ledger.models).
from llp_gov.ledger import balances as _balances  # noqa: F401


def init_app(app):
    from llp_gov.ledger import compliance
    from llp_gov.ledger.labels import label

    app.jinja_env.filters["ledger_label"] = label  # {{ account.type|ledger_label('account_type') }}

    compliance.register()
    try:
        from llp_gov.ledger.views import init_nav
    except ModuleNotFoundError as exc:  # pragma: no cover - views land after the services
        if exc.name != "llp_gov.ledger.views":
            raise
    else:
        init_nav()
        # The share-refund page registers its routes on the ledger blueprint (governance).
        from llp_gov.ledger import views_refunds  # noqa: F401
