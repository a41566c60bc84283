"""Web plumbing shared by every domain's pages: locale, headers, org context, errors, filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeGuard, TypeVar
from urllib.parse import urlsplit

from flask import (
    current_app,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from llp_gov import access, formatting
from llp_gov.errors import DomainError, PermissionDenied, ValidationError
from llp_gov.extensions import db
from llp_gov.formatting import (  # noqa: F401 (the filters' home is formatting; pages import them here)
    MONEY_SYMBOLS,
    local_date,
    local_datetime,
    money,
    statute,
    yen,
)

T = TypeVar("T")


@dataclass
class NavItem:
    endpoint: str
    label: object  # a lazy string
    action: str
    order: int = 50


_nav: list[NavItem] = []
_dashboard_panels: list[Callable] = []


def register_nav(endpoint: str, label, action: str, order: int = 50) -> None:
    """Add a link to the organisation's navigation, shown to roles allowed `action`."""
    if not any(n.endpoint == endpoint for n in _nav):
        _nav.append(NavItem(endpoint, label, action, order))
        _nav.sort(key=lambda n: n.order)


def register_dashboard_panel(fn: Callable) -> None:
    """fn(org, user) returns Markup for the dashboard, or None when it has nothing to show."""
    if fn not in _dashboard_panels:
        _dashboard_panels.append(fn)


def dashboard_panels(org, user) -> list[Markup]:
    """The registered panels' HTML for `user` on `org`'s dashboard, in registration order (the
    panels with nothing to show left out)."""
    # Panels are rendered templates (autoescaped already): a str from render_template is trusted.
    return [Markup(html) for fn in _dashboard_panels if (html := fn(org, user))]


def select_locale() -> str:
    """The user's preference, then the session's choice, then Accept-Language, then Japanese.

    Outside a request (CLI, tests calling services) the default applies."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user = g.get("api_user") or current_user
    if getattr(user, "is_authenticated", False) and user.locale in languages:
        return user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone() -> str:
    """The IANA zone pages show times in: the signed-in user's (or API token user's) own, else
    BABEL_DEFAULT_TIMEZONE. Times are stored in UTC; legal dates use llp_gov.legaltime."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_TIMEZONE"]
    user = g.get("api_user") or current_user
    if getattr(user, "is_authenticated", False) and user.timezone:
        return user.timezone
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def org_context(slug: str, action: str):
    """Load the organisation of the URL and check that the current user may do `action` there.

    Outsiders get 404 (they learn nothing); members without the permission get 403."""
    org = access.org_by_slug(slug)
    try:
        access.require(current_user, org, action)
    except PermissionDenied:
        # A member whose role may not: the 403 page keeps the organisation's menu (an
        # outsider's NotFound passes before this and shows no trace of the organisation).
        g.org = org
        g.membership = access.membership_of(current_user, org)
        raise
    g.org = org
    g.membership = access.membership_of(current_user, org)
    return org


def form_errors(form, exc: ValidationError) -> None:
    """Put a service's field errors onto the WTForms `form`.

    `exc.fields` maps field names to translated messages; a field the form does not have, and
    the error's own message, become flashed errors so that nothing is lost."""
    for field, message in exc.fields.items():
        target = getattr(form, field, None)
        if target is not None and hasattr(target, "errors"):
            if isinstance(target.errors, tuple):
                target.errors = list(target.errors)
            target.errors.append(message)
        else:
            flash(message, "error")
    if exc.message:
        flash(exc.message, "error")


def submit_form(
    form,
    action: Callable[[], T],
    *,
    next_url: Callable[[T], str] | str | None = None,
    success: Callable[[T], str] | str | None = None,
    validate: bool = True,
    respond: Callable[[T], Any] | None = None,
    refusals: tuple[type[DomainError], ...] = (),
) -> Any:
    """The one request flow of a page that changes something.

    When `form` was submitted and is valid (skip the check with validate=False for a form the
    view already validated), call `action()` (one service call, given the actor and the
    organisation by the view), commit once, flash `success` and redirect to `next_url`; both
    may be callables of the action's result. A page that shows the result once instead of
    redirecting (a new API token's secret) passes `respond(result)`, whose response is returned
    after the commit. On ValidationError roll back, put its fields on the form and return None,
    so the view renders the form again with the errors. Any other exception rolls back and
    propagates (Conflict, PermissionDenied and NotFound become their error pages), except the
    `refusals` a page shows beside its form (a 409 'already withdrawn', a 413 'file too large'):
    those roll back, go into the form's errors and are returned by `form_refusal(form)`, whose
    status the page answers with. Returns the response, or None when the form is to be shown.
    TypeError when neither `next_url` nor `respond` is given."""
    if next_url is None and respond is None:
        raise TypeError("submit_form needs next_url or respond")
    if validate and not form.validate_on_submit():
        return None
    try:
        result = action()
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        form_errors(form, exc)
        return None
    except refusals as exc:
        db.session.rollback()
        form.form_errors.append(str(exc))
        form.refusal = exc
        return None
    except BaseException:
        db.session.rollback()
        raise
    if success is not None:
        flash(success(result) if callable(success) else success, "success")
    if respond is not None:
        return respond(result)
    assert next_url is not None  # checked above
    return redirect(next_url(result) if callable(next_url) else next_url)


def form_refusal(form) -> DomainError | None:
    """The refusal (one of submit_form's `refusals`) that kept `form` on the page, or None."""
    return getattr(form, "refusal", None)


def form_status(form) -> int:
    """The status of a page showing `form` again after a POST: the refusal's (409, 413) or 422."""
    refusal = form_refusal(form)
    return refusal.status if refusal is not None else 422


def page_path(endpoint: str, **values: Any) -> str:
    """The path of a page (with the application root), in a request or outside one (CLI
    commands, jobs: a notification's link). Outside a request Flask's url_for needs SERVER_NAME;
    without it the path is built by the URL map alone (a path needs no host).
    Raises werkzeug.routing.BuildError for an unknown endpoint or missing values."""
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        # Outside a request url_for defaults to an external URL: a link here is a path.
        return url_for(endpoint, _external=False, **values)
    adapter = current_app.url_map.bind(
        "localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/"
    )
    return adapter.build(endpoint, values)


def site_url(path: str) -> str:
    """`path` (a page's path, as page_path or url_for give it) as an absolute URL for a mail.

    In a request: the request's scheme and host. Outside one (the scheduler's jobs, the CLI):
    SERVER_NAME and PREFERRED_URL_SCHEME (`LLP_GOV_SERVER_NAME`, e.g. ``llp.example.org``, and
    `LLP_GOV_PREFERRED_URL_SCHEME`, ``https`` in production), through
    ``url_for(..., _external=True)`` in the app context. Without SERVER_NAME outside a request the
    path comes back unchanged (a development setup: the mail still goes, with a relative link).
    An absolute URL or anything not starting with "/" is returned as it is."""
    if not path.startswith("/") or path.startswith("//"):
        return path
    if not has_request_context() and not current_app.config.get("SERVER_NAME"):
        return path
    root = urlsplit(url_for("index", _external=True))
    return f"{root.scheme}://{root.netloc}{path}"


def is_safe_next(target: str | None) -> TypeGuard[str]:
    """True when `target` is a path of this site (starts with "/", no scheme or host), so a
    redirect to it cannot leave the site."""
    if not target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/")


def handle_domain_error(error: DomainError) -> tuple[str, int]:
    """The error page of a DomainError raised by a page (API requests are answered by
    `llp_gov.api.handle_domain_error`, which the app registers and which calls this one for
    pages): a 4xx status (a 5xx code reads as 400) and the translated messages, never the
    field codes."""
    status = error.status if 400 <= error.status < 500 else 400
    # A page reader gets the translated messages; field names are codes (the API keys them).
    message = error.message or " ".join(dict.fromkeys(error.fields.values()))
    return render_template("errors/error.html", status=status, message=message), status


def render_http_error(status: int, message: str = "") -> tuple[str, int]:
    """The error page for HTTP `status`, with an optional translated `message`."""
    return render_template("errors/error.html", status=status, message=message), status


def register_template_helpers(app) -> None:
    """Install the template filters every page uses: yen, money, localdt, localdate, statute."""
    app.jinja_env.filters["yen"] = yen
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["localdt"] = local_datetime
    app.jinja_env.filters["localdate"] = local_date
    app.jinja_env.filters["statute"] = statute
    app.jinja_env.filters["language_names"] = formatting.language_names
    # Flask-Babel's callables again, with the translations looked up once per request.
    app.jinja_env.install_gettext_callables(
        gettext=formatting.gettext,
        ngettext=formatting.ngettext,
        pgettext=formatting.pgettext,
        npgettext=formatting.npgettext,
        newstyle=True,
    )

    @app.context_processor
    def inject():
        org = g.get("org")
        # Computed once per request and organisation, however many templates render.
        key = (getattr(org, "id", None), current_user.get_id())
        cached = g.get("org_nav")
        if cached is not None and cached[0] == key:
            nav = cached[1]
        else:
            nav = []
            if org is not None and current_user.is_authenticated:
                nav = [n for n in _nav if access.can(current_user, org, n.action)]
            g.org_nav = (key, nav)
        # The navigation item of the page's section (its blueprint): marked current, and the
        # target of the back link of every page below it (detail pages, forms, sub-pages).
        endpoint = (request.endpoint or "") if has_request_context() else ""
        section = next((n for n in nav if n.endpoint == endpoint), None) or next(
            (n for n in nav if n.endpoint.partition(".")[0] == endpoint.partition(".")[0]), None
        )
        return {
            "current_org": org,
            "nav_section": section,
            "current_membership": g.get("membership"),
            "org_nav": nav,
            "locale": str(get_locale()),
            "can": lambda action: org is not None and access.can(current_user, org, action),
        }


CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
