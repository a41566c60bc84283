"""PostgreSQL: the shared app's database put back to a source database's state without copying it.

Each test still starts on exactly the rows and sequence positions of its source database (the
migrated template, or the world); instead of `CREATE DATABASE … TEMPLATE` per test, the one
database at the shared app's URL is emptied (DELETE FROM every table, foreign-key triggers off:
`session_replication_role = replica`, which needs a superuser, as the tests' postgres user is)
and refilled from a snapshot of the source (COPY), and every sequence is set back to the source's
position. A test that changed the schema (a migration test) is caught by a fingerprint of the
catalogues, and any error while resetting falls back to a real copy.

Measured (PostgreSQL 15, 2 cores loaded by other engineers, load 9-11): a WAL_LOG copy of the
~10 MB template (mostly system catalogues) costs ~0.22 s of server CPU and 0.5-0.8 s wall per
test and DROP … WITH (FORCE) waits for a checkpoint; STRATEGY = FILE_COPY was slower (2.2-2.9 s
wall: two checkpoints per copy); copies made ahead by background threads made tests/projects
slower (405 s against 195 s: their dirty pages are written by every drop's checkpoint); TRUNCATE
of the 56 tables 1.3 s wall. This reset: ~30 ms wall, ~2 ms server CPU on an empty test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql

Connect = Callable[[str], psycopg.Connection]  # database name -> autocommit connection

# Everything a schema change (DDL) writes: catalogue rows of user objects with their xmin (a
# changed row has a new xmin). pg_class by its identity only: TRUNCATE rewrites relfilenode.
FINGERPRINT = """
SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (
  SELECT concat_ws(':', 'c', c.oid, c.relname, c.relkind::text, c.relnatts, c.relchecks,
                   c.relhastriggers, c.relnamespace) AS x
    FROM pg_class c WHERE c.oid >= 16384
  UNION ALL SELECT 'a' || attrelid || ':' || attnum || ':' || xmin::text
    FROM pg_attribute WHERE attrelid >= 16384
  UNION ALL SELECT 'k' || oid || ':' || xmin::text FROM pg_constraint WHERE oid >= 16384
  UNION ALL SELECT 't' || oid || ':' || xmin::text FROM pg_trigger WHERE oid >= 16384
  UNION ALL SELECT 'y' || oid || ':' || xmin::text FROM pg_type WHERE oid >= 16384
  UNION ALL SELECT 'e' || oid || ':' || xmin::text FROM pg_enum WHERE oid >= 16384
  UNION ALL SELECT 'p' || oid || ':' || xmin::text FROM pg_proc WHERE oid >= 16384
  UNION ALL SELECT 'n' || oid || ':' || xmin::text FROM pg_namespace WHERE oid >= 16384
  UNION ALL SELECT 'x' || oid || ':' || xmin::text FROM pg_extension WHERE oid >= 16384
  UNION ALL SELECT 'd' || adrelid || ':' || adnum || ':' || xmin::text
    FROM pg_attrdef WHERE oid >= 16384
) s
"""


@dataclass(frozen=True)
class Snapshot:
    """The rows and sequence positions of a source database."""

    tables: tuple[str, ...]  # every table of the public schema
    rows: tuple[tuple[str, bytes], ...]  # COPY (binary) of each non-empty table
    sequences: tuple[tuple[str, int, bool], ...]  # name, value, is_called (setval's arguments)


def take_snapshot(conn: psycopg.Connection) -> Snapshot:
    tables = tuple(
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    )
    rows = []
    for table in tables:
        with conn.cursor() as cur:
            copy_out = sql.SQL("COPY {} TO STDOUT (FORMAT BINARY)").format(sql.Identifier(table))
            with cur.copy(copy_out) as copy:
                data = b"".join(bytes(chunk) for chunk in copy)
        exists = sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(table))
        if _one(conn, exists):
            rows.append((table, data))
    sequences = tuple(
        (name, value, called)
        for name, value, called in conn.execute(
            "SELECT quote_ident(sequencename), coalesce(last_value, start_value),"
            " last_value IS NOT NULL FROM pg_sequences WHERE schemaname = 'public'"
        )
    )
    return Snapshot(tables=tables, rows=tuple(rows), sequences=sequences)


def _one(conn: psycopg.Connection, query) -> object:
    row = conn.execute(query).fetchone()
    assert row is not None
    return row[0]


class ReusedDatabase:
    """The shared app's PostgreSQL database, reset to a source's snapshot before each test."""

    def __init__(self, name: str, admin: Callable[[], psycopg.Connection], connect: Connect):
        self.name = name
        self._admin = admin
        self._connect = connect
        self._conn: psycopg.Connection | None = None
        self._schema: object = None  # the fingerprint of a fresh copy
        self._snapshots: dict[str, Snapshot] = {}
        self.copies = 0  # how many times a real copy was made (reported by the fixture)

    def fresh(self, source: str) -> None:
        """Make the database's rows and sequences those of `source`."""
        if self._conn is not None:
            try:
                self._end_other_sessions()
                if self._fingerprint() == self._schema:
                    self._reset(self._snapshot(source))
                    return
            except psycopg.Error:
                pass
        self._copy(source)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _snapshot(self, source: str) -> Snapshot:
        if source not in self._snapshots:
            with self._connect(source) as conn:
                self._snapshots[source] = take_snapshot(conn)
        return self._snapshots[source]

    def _copy(self, source: str) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{source}"')
        self.copies += 1
        self._conn = self._connect(self.name)
        self._schema = self._fingerprint()

    def _fingerprint(self) -> object:
        assert self._conn is not None
        return _one(self._conn, FINGERPRINT)

    def _end_other_sessions(self) -> None:
        # A connection a test left open would hold locks (a fresh copy ended it WITH (FORCE)).
        assert self._conn is not None
        self._conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )

    def _reset(self, snap: Snapshot) -> None:
        conn = self._conn
        assert conn is not None
        with conn.transaction():
            # Waits for terminated sessions' locks; the restored rows are consistent, so the
            # foreign-key triggers are skipped while they are written back.
            conn.execute("SET LOCAL lock_timeout = '10s'")
            conn.execute("SET LOCAL session_replication_role = replica")
            conn.execute(
                sql.SQL("; ").join(
                    sql.SQL("DELETE FROM {}").format(sql.Identifier(t)) for t in snap.tables
                )
            )
            with conn.cursor() as cur:
                for table, data in snap.rows:
                    copy_in = sql.SQL("COPY {} FROM STDIN (FORMAT BINARY)").format(
                        sql.Identifier(table)
                    )
                    with cur.copy(copy_in) as copy:
                        copy.write(data)
            if snap.sequences:
                conn.execute(
                    "SELECT "
                    + ", ".join(
                        f"setval('{name}', {int(value)}, {'true' if called else 'false'})"
                        for name, value, called in snap.sequences
                    )
                )
