"""Fixtures: a migrated database copied per test (SQLite file or PostgreSQL template), and one
app per session that every test without its own configuration shares (see `app`)."""

from __future__ import annotations

import copy
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import email_validator
import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from llp_gov import create_app
from llp_gov.extensions import db
from llp_gov.jobs import queue as jobs_queue
from tests import factories as f
from tests.db_reset import ReusedDatabase

# Test addresses use the reserved .test domain (RFC 2606), which email-validator accepts only in
# its test environment (llp_gov.auth.services.normalise_email).
email_validator.TEST_ENVIRONMENT = True

PG_URL = os.environ.get("LLP_GOV_TEST_DATABASE_URL")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def _pg_admin(url: str):
    import psycopg

    u = make_url(url)
    return psycopg.connect(
        host=u.host,
        port=u.port or 5432,
        user=u.username,
        password=u.password,
        dbname="postgres",
        autocommit=True,
    )


def _pg_url(url: str, name: str) -> str:
    u = make_url(url).set(database=name, drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def _migrate(url: str, tmp: Path) -> None:
    from flask_migrate import upgrade

    app = create_app(_config(url, tmp))
    with app.app_context():
        upgrade()
        db.engine.dispose()


def _config(url: str, tmp: Path, **extra) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-" + uuid.uuid4().hex,
        "DATABASE_URL": url,
        "SQLALCHEMY_DATABASE_URI": url,
        "DOCUMENTS_DIR": str(tmp / "documents"),
        "INDEX_DIR": str(tmp / "index"),
        "MAIL_OUTBOX_DIR": str(tmp / "mail"),
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",  # cheap in tests, same scheme
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        **extra,
    }


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    """Migrate once per session; each test gets a copy."""
    tmp = tmp_path_factory.mktemp("template")
    if PG_URL:
        name = f"{make_url(PG_URL).database}_tmpl_{WORKER}"
        with _pg_admin(PG_URL) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        _migrate(_pg_url(PG_URL, name), tmp)
        yield ("postgresql", name)
        with _pg_admin(PG_URL) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp / "template.sqlite3"
        _migrate(f"sqlite:///{path}", tmp)
        yield ("sqlite", path)


@pytest.fixture(scope="session")
def world_template(template_db, tmp_path_factory):
    """The migrated template plus the `world` rows, built once per session (per xdist worker) the
    first time a test asks for `world`; such a test gets a copy of it (see database_url)."""
    kind, source = template_db
    tmp = tmp_path_factory.mktemp("world")
    if kind == "sqlite":
        target = tmp / "world.sqlite3"
        shutil.copyfile(source, target)
        url, made = f"sqlite:///{target}", target
    else:
        made = f"{source}_world"
        with _pg_admin(PG_URL) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{made}"')
            conn.execute(f'CREATE DATABASE "{made}" TEMPLATE "{source}"')
        url = _pg_url(PG_URL, made)
    app = create_app(_config(url, tmp))
    with app.app_context():
        ids = _world_ids(_build_world())
        db.session.remove()
        db.engine.dispose()
    yield (kind, made, ids)
    if kind != "sqlite":
        with _pg_admin(PG_URL) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{made}" WITH (FORCE)')


@pytest.fixture
def database_url(request, template_db, tmp_path):
    # A test that uses `world` starts from the pre-seeded copy (the rows are the same as if it
    # built them: same ids, same factory values); any other test from the migrated template.
    if "world" in request.fixturenames:
        kind, source, _ids = request.getfixturevalue("world_template")
    else:
        kind, source = template_db
    if kind == "sqlite":
        target = tmp_path / "test.sqlite3"
        shutil.copyfile(source, target)
        yield f"sqlite:///{target}"
        return
    name = f"{make_url(PG_URL).database}_{WORKER}_{uuid.uuid4().hex[:10]}"
    with _pg_admin(PG_URL) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    yield _pg_url(PG_URL, name)
    with _pg_admin(PG_URL) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def app_config():
    """Override in a test module to change configuration (such a test gets an app of its own)."""
    return {}


@dataclass
class SharedApp:
    """The session's app and what a test needs to give it a fresh start."""

    app: object
    kind: str  # "sqlite" or "postgresql"
    target: object  # the SQLite file, or the PostgreSQL database name, at the app's fixed URL
    config: dict  # the configuration as create_app left it
    reused: ReusedDatabase | None = None  # PostgreSQL: the database at `target`, reset per test


@pytest.fixture(scope="session")
def shared_app(template_db, tmp_path_factory):
    """One app for the whole session (per xdist worker).

    create_app costs about 0.2 s CPU (mostly flask-smorest building the OpenAPI document of
    every API blueprint), as much as a typical test's own work. The app's database URL is fixed;
    `app` puts a fresh copy of the template (or world) database at that URL before each test."""
    kind, _source = template_db
    tmp = tmp_path_factory.mktemp("shared_app")
    if kind == "sqlite":
        target: object = tmp / "test.sqlite3"
        url = f"sqlite:///{target}"
    else:
        target = f"{make_url(PG_URL).database}_{WORKER}_shared"
        url = _pg_url(PG_URL, target)
    app = create_app(_config(url, tmp))
    app.test_client_class = FreshContextClient
    config = copy.deepcopy(dict(app.config))
    if kind == "sqlite":
        yield SharedApp(app=app, kind=kind, target=target, config=config)
        return
    reused = ReusedDatabase(str(target), lambda: _pg_admin(PG_URL), _pg_connect)
    yield SharedApp(app=app, kind=kind, target=target, config=config, reused=reused)
    reused.close()


def _pg_connect(name: str):
    import psycopg

    u = make_url(PG_URL)
    return psycopg.connect(
        host=u.host,
        port=u.port or 5432,
        user=u.username,
        password=u.password,
        dbname=name,
        autocommit=True,
    )


def _fresh_database(shared: SharedApp, source) -> None:
    """Give the shared app's database the rows of `source` (its engine holds no connection: each
    test disposes it): on SQLite a copy of the file; on PostgreSQL the same database emptied and
    refilled with the source's rows and sequence positions, or a real copy after a schema change
    (tests/db_reset.py)."""
    if shared.kind == "sqlite":
        shutil.copyfile(source, shared.target)
        return
    assert shared.reused is not None
    shared.reused.fresh(source)


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (its own g and session), as in production.

    The test's session is committed first (so the request sees the setup and no lock is held)
    and expired after (so the test sees what the request committed)."""

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def app(request, template_db, tmp_path, app_config):
    """The app of a test, inside an app context, on a fresh copy of the database.

    A test module that overrides `app_config` gets an app of its own, as the configuration is
    read when the app is created. Every other test shares the session's app (`shared_app`),
    started afresh: its database replaced by a copy of the template (or of the world when the
    test uses `world`), its configuration restored to the one create_app left (tests change
    app.config freely), its own documents, index and mail folders, and the job queue pointed
    back at it (a test that creates an app of its own re-points the process-wide queue)."""
    if app_config:
        url = request.getfixturevalue("database_url")
        app = create_app(_config(url, tmp_path, **app_config))
        app.test_client_class = FreshContextClient
    else:
        shared = request.getfixturevalue("shared_app")
        if "world" in request.fixturenames:
            _kind, source, _ids = request.getfixturevalue("world_template")
        else:
            _kind, source = template_db
        _fresh_database(shared, source)
        app = shared.app
        app.config.clear()
        app.config.update(copy.deepcopy(shared.config))
        app.config.update(
            DOCUMENTS_DIR=str(tmp_path / "documents"),
            INDEX_DIR=str(tmp_path / "index"),
            MAIL_OUTBOX_DIR=str(tmp_path / "mail"),
        )
        jobs_queue.init_app(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@dataclass
class World:
    """One organisation with partners and a user per role, and an outsider organisation."""

    org: object
    partners: list
    users: dict
    other_org: object
    other_users: dict = field(default_factory=dict)

    def user(self, role: str):
        return self.users[role]


@pytest.fixture
def world(app, world_template) -> World:
    """The pre-seeded world of this test's database copy, loaded by id."""
    return _load_world(world_template[2])


def _world_ids(w: World) -> dict:
    return {
        "org": w.org.id,
        "partners": [p.id for p in w.partners],
        "users": {k: u.id for k, u in w.users.items()},
        "other_org": w.other_org.id,
        "other_users": {k: u.id for k, u in w.other_users.items()},
    }


def _load_world(ids: dict) -> World:
    from llp_gov.auth.models import User
    from llp_gov.orgs.models import Organisation
    from llp_gov.partners.models import Partner

    return World(
        org=db.session.get(Organisation, ids["org"]),
        partners=[db.session.get(Partner, i) for i in ids["partners"]],
        users={k: db.session.get(User, i) for k, i in ids["users"].items()},
        other_org=db.session.get(Organisation, ids["other_org"]),
        other_users={k: db.session.get(User, i) for k, i in ids["other_users"].items()},
    )


def _build_world() -> World:
    org = f.OrganisationFactory(slug="klic-test")
    users, partners = {}, []
    for role in ("chairman", "member", "accountant", "admin", "observer"):
        users[role] = f.UserFactory(email=f"{role}@klic.test", name=role.title())
    for _ in range(12):
        partners.append(f.PartnerFactory(organisation=org))
    reps = [users["chairman"], users["member"], users["accountant"]]
    for role in ("chairman", "member", "accountant", "admin", "observer"):
        f.MembershipFactory(organisation=org, user=users[role], role=role)
    for i in range(3, 12):
        u = f.UserFactory(email=f"rep{i + 1:02d}@klic.test")
        f.MembershipFactory(organisation=org, user=u, role="member")
        users[f"rep{i + 1:02d}"] = u
        reps.append(u)
    for partner, rep in zip(partners, reps, strict=True):
        partner.representative_user_id = rep.id
    from llp_gov.orgs.models import Membership

    db.session.flush()
    for partner, rep in zip(partners, reps, strict=True):
        m = db.session.query(Membership).filter_by(organisation_id=org.id, user_id=rep.id).one()
        m.partner_id = partner.id
    other = f.OrganisationFactory(slug="other-test", legal_form="other", name="서울 테스트 조합")
    other_users = {}
    for role in ("chairman", "member"):
        other_users[role] = f.UserFactory(email=f"{role}@other.test")
        f.MembershipFactory(organisation=other, user=other_users[role], role=role)
    f.PartnerFactory(organisation=other, country="KR", is_domestic=False, corporate_number=None)
    db.session.commit()
    return World(org=org, partners=partners, users=users, other_org=other, other_users=other_users)


def login(client, user, password: str = f.PASSWORD):
    """Sign in through the real form."""
    return client.post("/login", data={"email": user.email, "password": password})


@pytest.fixture
def login_as(client):
    def _login(user):
        resp = login(client, user)
        assert resp.status_code == 302, resp.data[:500]
        return client

    return _login


@pytest.fixture
def token_for(app):
    """Create a personal API token for a user and return the Authorization header."""
    from llp_gov.auth import services

    def _token(user) -> dict:
        _t, plain = services.create_token(actor=None, user=user, name="test")
        db.session.commit()
        return {"Authorization": f"Bearer {plain}"}

    return _token
