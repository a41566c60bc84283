"""Configuration: defaults, then the instance file, then LLP_GOV_* variables, then test overrides."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from werkzeug.routing import IntegerConverter

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def running_from_checkout() -> bool:
    """True in the source checkout (templates/ and migrations/ at the top level)."""
    return (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "migrations").is_dir()


def resource_dir(name: str) -> Path:
    """templates/ or migrations/: the checkout's copy, else the one the wheel bundles (setup.py)."""
    if running_from_checkout():
        return PROJECT_ROOT / name
    return PACKAGE_DIR / "_bundled" / name


class Defaults:
    # Filled in by load_config when not given: SQLite in the instance folder.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # The checkout's documents/; an installation keeps them in its instance folder (load_config).
    DOCUMENTS_DIR: str | None = str(PROJECT_ROOT / "documents") if running_from_checkout() else None
    INDEX_DIR: str | None = None
    MAX_UPLOAD_BYTES = 50 * 1024 * 1024
    # Extraction runs in a child process with these limits (issue 3).
    EXTRACT_TIMEOUT_SECONDS = 30
    EXTRACT_MEMORY_BYTES = 1024 * 1024 * 1024
    DOCX_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
    SEARCH_LOCK_TIMEOUT_SECONDS = 5.0
    SEARCH_DRAIN_AFTER_COMMIT = True  # queue a search.drain job with every indexed change
    SEARCH_SMALL_SEGMENT_DOCS = 1000  # a drain commit merges only segments this small
    SEARCH_MAX_SEGMENTS = 8  # beyond it the background job merges the index (issue 14)

    DEMO_MODE = False
    PASSWORD_HASH_METHOD = "scrypt"
    # Sign-in throttling (per account and per address); tests set their own.
    LOGIN_LIMIT_PER_ACCOUNT = "10 per 15 minutes"
    LOGIN_LIMIT_PER_ADDRESS = "30 per 15 minutes"
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    # Reverse proxies in front of the app (LLP_GOV_PROXY_COUNT=1 behind one nginx): their
    # X-Forwarded-For gives the client address for throttling and the audit trail.
    PROXY_COUNT = 0

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE: bool | None = None  # True outside debug, see load_config
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None

    BABEL_DEFAULT_LOCALE = "ja"
    BABEL_DEFAULT_TIMEZONE = "Asia/Tokyo"
    # Where the organisations' legal dates fall (fiscal years, deadlines): llp_gov.legaltime.
    LEGAL_TIMEZONE = "Asia/Tokyo"
    LANGUAGES = ("ja", "en", "ko")

    MAIL_SERVER: str | None = None  # no server: mails go to MAIL_OUTBOX_DIR
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER = "llp-gov@localhost"
    MAIL_OUTBOX_DIR: str | None = None

    API_TITLE = "llp-gov API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"


MAX_ID = 2**63 - 1  # ids are BIGINT on PostgreSQL


class IdConverter(IntegerConverter):
    """<int:...> in URLs: a number beyond BIGINT is no id at all (404, not a database error)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def load_config(app, test_config: dict | None) -> None:
    """Load configuration in the documented order and fill in derived defaults."""
    # Before any blueprint adds its rules: the converter is bound when a rule is created.
    app.url_map.converters["int"] = IdConverter
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(prefix="LLP_GOV")
    if test_config:
        app.config.update(test_config)

    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = f"sqlite:///{instance / 'llp_gov.sqlite3'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if not app.config.get("DOCUMENTS_DIR"):
        app.config["DOCUMENTS_DIR"] = str(instance / "documents")
    if not app.config.get("INDEX_DIR"):
        app.config["INDEX_DIR"] = str(instance / "index")
    if not app.config.get("MAIL_OUTBOX_DIR"):
        app.config["MAIL_OUTBOX_DIR"] = str(instance / "mail")
    if app.config.get("SESSION_COOKIE_SECURE") is None:
        secure = not (app.debug or app.testing or app.config.get("DEMO_MODE"))
        app.config["SESSION_COOKIE_SECURE"] = secure
        app.config["REMEMBER_COOKIE_SECURE"] = secure
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance)


def _instance_secret(instance: Path) -> str:
    """Read the instance's secret key, generating it once (never a constant in code)."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key
