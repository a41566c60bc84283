"""Migrations: one head, upgrade from empty (the test database is built that way), and the models
match the migrated schema on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from llp_gov.config import PROJECT_ROOT
from llp_gov.extensions import db


def _script() -> ScriptDirectory:
    config = Config(str(PROJECT_ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return ScriptDirectory.from_config(config)


def test_single_head():
    heads = _script().get_heads()
    assert len(heads) == 1, f"migrations have several heads: {heads}"


def test_database_is_at_head(app):
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_heads()
    assert set(current) == set(_script().get_heads())


def test_models_match_migrations(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"autogenerate would change the schema: {diff}"
