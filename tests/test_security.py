"""Security: headers, cookies, CSRF, sign-in throttling, the secret key, password hashing."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from flask import Flask

from llp_gov import create_app
from llp_gov.config import PROJECT_ROOT, Defaults, load_config
from llp_gov.extensions import db
from tests import factories as f
from tests.conftest import login


def _csp(resp) -> dict[str, str]:
    header = resp.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def assert_security_headers(resp):
    csp = _csp(resp)
    assert "'unsafe-inline'" not in csp.get("script-src", csp["default-src"])
    assert "'unsafe-eval'" not in resp.headers["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["object-src"] == "object-src 'none'"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")
    assert resp.headers["X-Frame-Options"] == "DENY"


def test_security_headers_on_every_kind_of_response(client, world, login_as, token_for):
    responses = [
        client.get("/login"),  # a page
        client.get("/"),  # a redirect
        client.get("/no-such-page"),  # an error page
        client.get("/static/app.css"),  # a static file
        client.get("/api/v1/openapi.json"),  # JSON
        client.get("/api/v1/me"),  # a JSON error
        client.get("/api/v1/me", headers=token_for(world.user("member"))),
    ]
    login_as(world.user("chairman"))
    responses += [
        client.get(f"/o/{world.org.slug}/partners/"),
        client.get(f"/o/{world.other_org.slug}/"),
    ]
    for resp in responses:
        assert_security_headers(resp)
        resp.close()


def test_templates_contain_no_inline_script_or_style():
    """The CSP would block them in the browser: scripts and styles live in static files."""
    offenders = []
    for path in sorted((PROJECT_ROOT / "templates").rglob("*.html")):
        if "pdf" in path.relative_to(PROJECT_ROOT / "templates").parts[:1]:
            continue  # PDF templates are rendered by WeasyPrint, never served to a browser
        source = path.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"\son[a-z]+\s*=",
            r"\sstyle\s*=",
            r"javascript:",
        ):
            if re.search(pattern, source, re.IGNORECASE):
                offenders.append(f"{path.relative_to(PROJECT_ROOT)}: {pattern}")
    assert not offenders, "\n".join(offenders)


def test_session_cookie_is_httponly_and_lax_and_not_secure_in_tests(client, world):
    resp = login(client, world.user("member"))
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # testing runs over plain http


def test_session_cookie_is_secure_outside_debug_testing_and_demo(database_url, tmp_path):
    app = create_app(
        {
            "SECRET_KEY": "x",
            "DATABASE_URL": database_url,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "RATELIMIT_ENABLED": False,
        }
    )
    assert not app.testing and not app.debug
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    with app.app_context():
        resp = app.test_client().get("/login", base_url="https://llp.example")
        db.engine.dispose()
    cookie = resp.headers["Set-Cookie"]  # the CSRF token lives in the session
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "max-age" in resp.headers["Strict-Transport-Security"]
    demo = create_app(
        {
            "SECRET_KEY": "x",
            "DATABASE_URL": database_url,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "DEMO_MODE": True,
        }
    )
    assert demo.config["SESSION_COOKIE_SECURE"] is False  # make run serves plain http on 127.0.0.1


def test_session_protection_is_strong(app):
    from llp_gov.extensions import login_manager

    assert login_manager.session_protection == "strong"


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("LLP_GOV_SECRET_KEY", raising=False)
    first = Flask("llp_gov", instance_path=str(tmp_path / "instance"))
    load_config(first, {"TESTING": True})
    key = first.config["SECRET_KEY"]
    path = tmp_path / "instance" / "secret_key"
    assert path.read_text().strip() == key and len(key) >= 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = Flask("llp_gov", instance_path=str(tmp_path / "instance"))
    load_config(second, {"TESTING": True})
    assert second.config["SECRET_KEY"] == key
    other = Flask("llp_gov", instance_path=str(tmp_path / "elsewhere"))
    load_config(other, {"TESTING": True})
    assert other.config["SECRET_KEY"] != key


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("LLP_GOV_SECRET_KEY", "from-the-environment")
    app = Flask("llp_gov", instance_path=str(tmp_path / "instance"))
    load_config(app, None)
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_no_secret_key_constant_in_the_code():
    for path in (PROJECT_ROOT / "llp_gov").rglob("*.py"):
        assert not re.search(r"SECRET_KEY\s*=\s*['\"]", path.read_text()), path


def test_passwords_are_hashed_with_scrypt(app):
    from llp_gov.auth import services as auth

    assert Defaults.PASSWORD_HASH_METHOD.startswith("scrypt")
    user = auth.create_user(
        actor=None, email="hash@example.test", name="H", password="a long password"
    )
    assert user.password_hash.startswith("scrypt:")
    app.config["PASSWORD_HASH_METHOD"] = Defaults.PASSWORD_HASH_METHOD  # the production cost
    auth.set_password(actor=user, user=user, password="another long password")
    assert user.password_hash.startswith("scrypt:32768:8:1$")
    assert auth.authenticate("hash@example.test", "another long password") == user


class TestCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_a_form_post_without_the_token_is_refused(self, client, world):
        resp = client.post(
            "/login",
            data={"email": world.user("member").email, "password": f.PASSWORD},
            headers={"Accept-Language": "ja"},
        )
        assert resp.status_code == 400
        assert "ページを再読み込みして" in resp.get_data(as_text=True)
        assert client.get("/profile").status_code == 302  # not signed in

    def test_a_form_post_with_the_token_works(self, client, world):
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        resp = client.post(
            "/login",
            data={"email": world.user("member").email, "password": f.PASSWORD, "csrf_token": token},
        )
        assert resp.status_code == 302
        resp = client.post(
            f"/o/{world.org.slug}/counterparties/new", data={"name": "無防備", "country": "JP"}
        )
        assert resp.status_code == 400
        resp = client.post("/logout")
        assert resp.status_code == 400  # sign-out is a form too

    def test_the_language_buttons_carry_the_token(self, client):
        page = client.get("/login").get_data(as_text=True)
        forms = re.findall(r'<form method="post" action="/locale/[a-z]+">(.*?)</form>', page, re.S)
        assert len(forms) == 3 and all('name="csrf_token"' in form for form in forms)

    def test_the_api_uses_bearer_tokens_instead(self, client, world, token_for):
        resp = client.post(
            f"/api/v1/orgs/{world.org.slug}/counterparties",
            json={"name": "API 取引先"},
            headers=token_for(world.user("member")),
        )
        assert resp.status_code == 201


class TestSignInThrottling:
    @pytest.fixture
    def app_config(self):
        return {
            "RATELIMIT_ENABLED": True,
            "LOGIN_LIMIT_PER_ACCOUNT": "3 per 15 minutes",
            "LOGIN_LIMIT_PER_ADDRESS": "6 per 15 minutes",
        }

    def _fail(self, client, email, **kw):
        return client.post("/login", data={"email": email, "password": "wrong password"}, **kw)

    def test_per_account(self, client, world):
        email = world.user("member").email
        for _ in range(3):
            assert self._fail(client, email).status_code == 200
        resp = self._fail(client, email, headers={"Accept-Language": "ja"})
        assert resp.status_code == 429
        assert "ログインの試行回数が多すぎます" in resp.get_data(as_text=True)
        # Even the right password waits now; another account from the same address does not.
        assert login(client, world.user("member")).status_code == 429
        assert login(client, world.user("chairman")).status_code == 302

    def test_per_address(self, client, world):
        for i in range(6):
            assert self._fail(client, f"nobody{i}@example.test").status_code == 200
        resp = self._fail(client, "someone-else@example.test", headers={"Accept-Language": "en"})
        assert resp.status_code == 429
        assert "Too many sign-in attempts" in resp.get_data(as_text=True)
        other = client.application.test_client()
        resp = other.post(
            "/login",
            data={"email": "x@example.test", "password": "p"},
            environ_base={"REMOTE_ADDR": "192.0.2.7"},
        )
        assert resp.status_code == 200

    def test_successful_sign_ins_do_not_count(self, client, world):
        user = world.user("accountant")
        for _ in range(5):
            assert login(client, user).status_code == 302
            client.post("/logout")
        assert self._fail(client, user.email).status_code == 200

    def test_the_message_is_on_the_sign_in_page(self, client, world):
        email = world.user("member").email
        for _ in range(3):
            self._fail(client, email)
        html = self._fail(client, email, headers={"Accept-Language": "ko"}).get_data(as_text=True)
        assert "로그인 시도 횟수가 너무 많습니다" in html
        assert 'name="password"' in html  # the form is still there to try again later


def test_throttling_can_be_switched_off_for_tests(client, world):
    for _ in range(15):
        assert (
            client.post(
                "/login", data={"email": world.user("member").email, "password": "x"}
            ).status_code
            == 200
        )


def test_instance_folder_is_not_in_git():
    ignore = (PROJECT_ROOT / ".gitignore").read_text().split()
    assert "instance/" in ignore
    assert Path(PROJECT_ROOT / "instance").name == "instance"


class TestBehindAProxy:
    @pytest.fixture
    def app_config(self):
        return {
            "PROXY_COUNT": 1,
            "RATELIMIT_ENABLED": True,
            "LOGIN_LIMIT_PER_ADDRESS": "2 per 15 minutes",
            "LOGIN_LIMIT_PER_ACCOUNT": "100 per 15 minutes",
        }

    def test_throttling_and_audit_see_the_client_address(self, client, world):
        def attempt(addr):
            return client.post(
                "/login",
                data={"email": "x@example.test", "password": "p"},
                headers={"X-Forwarded-For": addr},
            )

        assert [attempt("203.0.113.1").status_code for _ in range(3)] == [200, 200, 429]
        assert attempt("203.0.113.2").status_code == 200  # another client behind the same proxy
        from sqlalchemy import select

        from llp_gov.audit.models import AuditEvent

        resp = client.post(
            "/login",
            data={"email": world.user("admin").email, "password": f.PASSWORD},
            headers={"X-Forwarded-For": "198.51.100.9"},
        )
        assert resp.status_code == 302
        client.post(
            f"/o/{world.org.slug}/counterparties/new",
            data={"name": "取引先", "country": "JP"},
            headers={"X-Forwarded-For": "198.51.100.9"},
        )
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event.tag == "counterparty:create" and event.ip == "198.51.100.9"
