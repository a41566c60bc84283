"""llp-gov: document management and governance for limited liability partnerships."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from flask import Flask, redirect, url_for
from flask_login import current_user
from flask_talisman import Talisman

from llp_gov import access
from llp_gov.config import load_config, resource_dir
from llp_gov.errors import DomainError

# The app's own layers (extensions, web, api, models) are imported inside the functions below:
# this __init__ runs first whenever any llp_gov module is imported (`import llp_gov.db` runs it),
# so importing them here would load the web layer with every model, and `llp_gov.models` (every
# domain's models, which import llp_gov.db) would cycle back into this half-run module.

# Domains in dependency order. Each may provide views.bp, api.blp, cli.cli and init_app(app).
DOMAINS = (
    "operations",
    "jobs",
    "auth",
    "audit",
    "orgs",
    "partners",
    "counterparties",
    "documents",
    "search",
    "ledger",
    "invoices",
    "contracts",
    "pdf",
    "notifications",
    "projects",
    "resolutions",
    "board",
    "signing",
    "evidence",
    "demo",
)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application; nothing runs at import time."""
    app = Flask(
        __name__,
        # An installation names its data folder (secret key, SQLite, index, documents).
        instance_path=os.environ.get("LLP_GOV_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
    )
    load_config(app, test_config)
    register_extensions(app)
    register_domains(app)
    register_web(app)
    return app


def translation_directories() -> list[str]:
    """The core catalog plus one per domain that has one (Flask-Babel merges them)."""
    root = Path(__file__).parent
    dirs = [root / "translations"] + sorted(root.glob("*/translations"))
    return [str(d) for d in dirs if d.is_dir()]


def register_extensions(app: Flask) -> None:
    """Bind the extensions (database, migrations, sign-in, CSRF, Babel, limiter, API, Talisman
    security headers) to `app`."""
    # Every model registered before mappers configure; see the note at the top for why here.
    from llp_gov import models  # noqa: F401, PLC0415 (cycle: every domain's models import llp_gov)
    from llp_gov.api import api  # noqa: PLC0415 (loads the web layer only when an app is built)
    from llp_gov.extensions import (  # noqa: PLC0415 (only when an app is built, see above)
        babel,
        csrf,
        db,
        limiter,
        login_manager,
        migrate,
    )
    from llp_gov.web import (  # noqa: PLC0415 (loads the web layer only when an app is built)
        CSP,
        select_locale,
        select_timezone,
    )

    db.init_app(app)
    migrate.init_app(app, db, directory=str(resource_dir("migrations")), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = None
    csrf.init_app(app)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(translation_directories())
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    api.init_app(app)
    Talisman(
        app,
        force_https=False,  # TLS ends at the reverse proxy; cookies are Secure outside debug
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=CSP,
        frame_options="DENY",
        referrer_policy="same-origin",
        strict_transport_security=not app.debug,
    )

    @login_manager.user_loader
    def load_user(user_id: str):
        from llp_gov.auth.models import User  # noqa: PLC0415 (a domain; the package is below)

        user = db.session.get(User, int(user_id))
        return user if user and user.active else None


def register_domains(app: Flask) -> None:
    """Import each domain of DOMAINS in order: call its init_app(app), register its views.bp,
    its api.blp (CSRF-exempt: the API authenticates by bearer token) and its cli.cli."""
    from llp_gov.api import api  # noqa: PLC0415 (loads the web layer only when an app is built)
    from llp_gov.extensions import csrf  # noqa: PLC0415 (only when an app is built, see above)

    for name in DOMAINS:
        package = importlib.import_module(f"llp_gov.{name}")
        init = getattr(package, "init_app", None)
        if init:
            init(app)
        for module_name, attr, kind in (
            ("views", "bp", "web"),
            ("api", "blp", "api"),
            ("cli", "cli", "cli"),
        ):
            try:
                module = importlib.import_module(f"llp_gov.{name}.{module_name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"llp_gov.{name}.{module_name}":
                    raise
                continue
            obj = getattr(module, attr, None)
            if obj is None:
                continue
            if kind == "web":
                app.register_blueprint(obj)
            elif kind == "api":
                api.register_blueprint(obj)
                csrf.exempt(obj)
            else:
                app.cli.add_command(obj)


def register_web(app: Flask) -> None:
    """Template helpers, the one DomainError handler (JSON for the API, a page otherwise) and
    the root URL (sign-in, the user's one organisation, or the organisation chooser)."""
    from llp_gov.api import (  # noqa: PLC0415 (loads the web layer only when an app is built)
        handle_domain_error,
    )
    from llp_gov.web import (  # noqa: PLC0415 (loads the web layer only when an app is built)
        register_template_helpers,
    )

    register_template_helpers(app)
    app.register_error_handler(DomainError, handle_domain_error)

    @app.get("/")
    def index():
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login"))
        orgs = access.orgs_of(current_user)
        if len(orgs) == 1:
            return redirect(url_for("orgs.dashboard", slug=orgs[0].slug))
        return redirect(url_for("orgs.choose"))
