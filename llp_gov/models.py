"""Import every domain's models so that SQLAlchemy and Alembic see the whole schema."""

import importlib

from llp_gov.db import db

MODEL_DOMAINS = (
    "auth",
    "orgs",
    "partners",
    "counterparties",
    "audit",
    "documents",
    "search",
    "ledger",
    "invoices",
    "contracts",
    "notifications",
    "projects",
    "resolutions",
    "board",
    "signing",
    "evidence",
)

for _name in MODEL_DOMAINS:
    try:
        importlib.import_module(f"llp_gov.{_name}.models")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"llp_gov.{_name}.models":
            raise

metadata = db.metadata

# Indexes of the list pages, across domains (issue 14).
importlib.import_module("llp_gov.indexes")
