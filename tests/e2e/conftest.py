"""Browser tests: a live server on a copy of a migrated SQLite database with the demo loaded,
driven by Playwright through Debian's Chromium (/usr/bin/chromium)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from llp_gov import create_app
from llp_gov.extensions import db

DEMO_PASSWORD = "demo-password"
CHROMIUM = os.environ.get("LLP_GOV_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _config(db_path: Path, tmp: Path) -> dict:
    return {
        "TESTING": False,  # a real server, as a user meets it
        "DEMO_MODE": True,
        "SECRET_KEY": "e2e-" + os.urandom(8).hex(),
        "DATABASE_URL": f"sqlite:///{db_path}",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
        "DOCUMENTS_DIR": str(tmp / "documents"),
        "INDEX_DIR": str(tmp / "index"),
        "MAIL_OUTBOX_DIR": str(tmp / "mail"),
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        # No worker process beside the browser tests' server: jobs (mail, OCR) run at commit,
        # in process, instead of waiting in a queue file under the checkout's instance folder.
        "JOBS_URL": "immediate",
    }


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """Migrate once and load the demo data through the services."""
    from flask_migrate import upgrade

    from llp_gov.demo import services as demo

    tmp = tmp_path_factory.mktemp("e2e-template")
    path = tmp / "demo.sqlite3"
    app = create_app(_config(path, tmp))
    with app.app_context():
        upgrade()
        demo.load(password=DEMO_PASSWORD)
        db.session.commit()
        db.engine.dispose()
    return tmp


@dataclass
class LiveServer:
    url: str
    app: object
    tmp: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(demo_template, tmp_path):
    shutil.copytree(demo_template, tmp_path / "data")
    app = create_app(_config(tmp_path / "data" / "demo.sqlite3", tmp_path / "data"))
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(url=f"http://127.0.0.1:{port}", app=app, tmp=tmp_path / "data")
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian package chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


# Each journey's last screen is saved for a person to look at (test-results/ is ignored by git).
SCREENSHOTS = Path(os.environ.get("LLP_GOV_SCREENSHOTS", "test-results/screenshots"))


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context that speaks Japanese first, like our users' machines; the
    page's last screen is saved under SCREENSHOTS as <test name>.png."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="ja-JP",
        extra_http_headers={"Accept-Language": "ja,en;q=0.5"},
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Irreversible actions ask for confirmation (static/app.js): a journey confirms, as a user
    # would; a test of the question itself removes this listener (page.remove_listener).
    page.on("dialog", accept_dialog)
    yield page
    if not page.is_closed() and page.url.startswith("http"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()


def accept_dialog(dialog) -> None:
    dialog.accept()


def sign_in(page, email: str, password: str = DEMO_PASSWORD):
    """Sign in through the login form and wait for the landing page."""
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit].primary")
    page.wait_for_load_state("networkidle")


@pytest.fixture
def sign_in_as(page):
    def _sign_in(email: str, password: str = DEMO_PASSWORD):
        sign_in(page, email, password)
        return page

    return _sign_in
