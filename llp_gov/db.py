"""Database base classes and column types shared by every domain."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypeVar

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import BigInteger, DateTime, Integer, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

from llp_gov.errors import NotFound

# A naming convention keeps constraint names stable, so Alembic diffs are reproducible.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


M = TypeVar("M")


class Base(DeclarativeBase):
    """The declarative base of every model, with the constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# The base class of every model: `db.Model` (Flask-SQLAlchemy's subclass of Base that binds the
# session and names tables) at run time; type checkers see Base, because `db.Model` is an instance
# attribute that mypy cannot use as a base class.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT identities.
BigIntPK = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> dt.datetime:
    """Return the current time as an aware UTC datetime."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """Store aware datetimes as UTC; SQLite keeps no zone, so attach UTC on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """An aware datetime to UTC (naive SQLite storage); a naive one raises ValueError."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: store aware UTC datetimes only")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        """The stored value as an aware UTC datetime, whatever the database returned."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def get_in_org(model: type[M], object_id: int | None, organisation) -> M:
    """Return the `model` row with primary key `object_id` that belongs to `organisation`.

    `organisation` is an Organisation (anything with an integer `id`); the row must have an
    `organisation_id` column. A missing row, a row of another organisation and an id outside
    the BIGINT range all raise NotFound (404): an outsider learns nothing, not even whether the
    id exists elsewhere.
    """
    if object_id is None or not (0 < int(object_id) < 2**63):
        raise NotFound()
    obj = db.session.get(model, int(object_id))
    if obj is None or obj.organisation_id != organisation.id:  # type: ignore[attr-defined]
        raise NotFound()
    return obj
