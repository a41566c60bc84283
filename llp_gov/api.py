"""The JSON API: flask-smorest (OpenAPI generated from the code), bearer tokens, error format."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import marshmallow as ma
from flask import current_app, g, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from llp_gov import access
from llp_gov.errors import DomainError
from llp_gov.extensions import db
from llp_gov.web import handle_domain_error as page_domain_error
from llp_gov.web import render_http_error

T = TypeVar("T")

API_PREFIX = "/api/v1"


def translate_marshmallow() -> None:
    """marshmallow's own messages in the request's language, through its documented class-level
    defaults (Field.default_error_messages, Schema.error_messages, the validators' messages) set
    to lazy translations: each is translated when an error is reported, in that request's locale,
    with no matching on the English text. Messages not listed stay marshmallow's English."""
    f, v = ma.fields, ma.validate
    required = _l("This field is required.")
    f.Field.default_error_messages = {
        **f.Field.default_error_messages,
        "required": required,
        "null": required,
    }
    for cls, message in (
        (f.Integer, _l("Enter a whole number.")),
        (f.String, _l("Enter text.")),
        (f.Date, _l("Enter a date as YYYY-MM-DD.")),
        (f.Boolean, _l("Enter true or false.")),
        (f.Email, _l("Enter a valid e-mail address.")),
        (f.List, _l("Enter a list.")),
        (f.Mapping, _l("Enter an object.")),
    ):
        cls.default_error_messages = {**cls.default_error_messages, "invalid": message}
    ma.Schema.error_messages = {
        **ma.Schema.error_messages,
        "unknown": _l("Unknown field."),
        "type": _l("Invalid input type."),
    }
    v.OneOf.default_message = _l("Choose one of the allowed values.")
    v.Length.message_max = _l("Too long.")
    v.Range.message_min = _l("Too small.")


translate_marshmallow()

HTTP_MESSAGES = {
    400: _l("The request is not valid."),
    401: _l("Sign in with an API token: Authorization: Bearer <token>."),
    403: _l("You are not allowed to do this."),
    404: _l("Not found."),
    405: _l("This method is not allowed here."),
    409: _l("This conflicts with the record's current state."),
    413: _l("The upload is larger than the limit."),
    422: _l("The request has invalid fields."),
    429: _l("Too many requests. Try again later."),
    500: _l("Internal error."),
}


def error_response(status: int, code: str, message: str = "", fields: dict | None = None):
    """The API's one error body, ``{"error": {"code", "message", "fields"}}``, with `status`.

    `code` is a stable machine word (validation_error, not_found, conflict...); `message` the
    translated text (default: the status's standard message); `fields` {field: message}."""
    body = {
        "error": {
            "code": code,
            "message": message or str(HTTP_MESSAGES.get(status, "")),
            "fields": fields or {},
        }
    }
    return jsonify(body), status


def _flatten(messages) -> dict[str, str]:
    """webargs gives {"json": {"field": ["msg"]}}: flatten to {"field": "msg"}."""
    out: dict[str, str] = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif isinstance(value, list) and value and not isinstance(value[0], dict | list):
            out[prefix] = str(value[0])
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(f"{prefix}.{i}", v)
        else:
            out[prefix] = str(value)

    for _location, fields in (messages or {}).items():
        walk("", fields)
    return out


class ErrorBody(ma.Schema):
    code = ma.fields.String()
    message = ma.fields.String()
    # The 422 body's field errors; shadows marshmallow's Schema.fields mapping by name only.
    fields = ma.fields.Dict()  # type: ignore[assignment]


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorBody)


def document_success_responses(spec) -> None:
    """Every operation answers 2xx somehow: one that documents no 2xx response (only the
    `default` error) gets a documented 200 without a body schema, so that the document does
    not claim a 200 body is the Error schema."""
    for operations in spec._paths.values():
        for method, operation in operations.items():
            if method in ("parameters", "summary", "description", "servers"):
                continue
            responses = operation.setdefault("responses", {})
            if not any(str(code).startswith("2") for code in responses):
                responses["200"] = {"description": "OK"}


def nullable_unless_required(self, field, ret, **kwargs) -> dict:
    """OpenAPI 3.0 truth for responses: a field that is not required may be returned as null
    (Partner.withdrawn_on, Entry.reverses_id, ...), so it is `nullable` unless it is load-only
    or a nested object (apispec's own rule covers fields declared allow_none)."""
    if field.required or field.load_only or ret.get("nullable"):
        return {}
    if any(key in ret for key in ("$ref", "allOf", "anyOf", "oneOf")):
        return {}
    return {"nullable": True}


# OpenAPI constraints a service enforces itself (answering 422 with its own translated message),
# put on schema fields as `metadata=` so that clients and schemathesis see the rule: a text the
# service strips and then requires (a title, a name, a reason) is not empty and not only spaces.
NON_BLANK: dict[str, Any] = {"minLength": 1, "pattern": r"\S"}


class Api(SmorestApi):
    ERROR_SCHEMA = ErrorSchema

    def register_blueprint(self, blp, *, parameters=None, **options):
        super().register_blueprint(blp, parameters=parameters, **options)
        document_success_responses(self.spec)

    def init_app(self, app, *, spec_kwargs=None):
        """Document the bearer token scheme that every endpoint requires."""
        spec_kwargs = {"security": [{"bearerAuth": []}], **(spec_kwargs or {})}
        super().init_app(app, spec_kwargs=spec_kwargs)
        self.ma_plugin.converter.add_attribute_function(nullable_unless_required)
        self.spec.components.security_scheme(
            "bearerAuth",
            {
                "type": "http",
                "scheme": "bearer",
                "description": "A personal API token from the profile page.",
            },
        )

    def handle_http_exception(self, error: HTTPException):
        if not request.path.startswith("/api/"):
            if error.code and error.code >= 500:
                return render_http_error(error.code)
            if isinstance(error, CSRFError):
                return render_http_error(
                    400,
                    _(
                        "This form has expired or did not come from this site. Reload the page and try again."
                    ),
                )
            return render_http_error(
                error.code or 500, (error.description or "") if error.code == 429 else ""
            )
        data = getattr(error, "data", None) or {}
        fields = _flatten(data.get("messages")) if "messages" in data else {}
        status = error.code or 500
        if status == 422 and fields:
            return error_response(422, "validation_error", str(HTTP_MESSAGES[422]), fields)
        code = (error.name or "error").lower().replace(" ", "_")
        resp, status = error_response(
            status, code, str(HTTP_MESSAGES.get(status, error.description or ""))
        )
        # 405 keeps its Allow header, 401 its WWW-Authenticate (RFC 9110 15.5.6).
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                resp.headers[name] = value
        return resp, status


api = Api()


def bearer_user():
    """The user of the request's bearer token; the API never accepts the session cookie."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return access.user_for_token(header[len("Bearer ") :].strip())


class ApiError(Exception):
    pass


def token_required(fn):
    """Authenticate the bearer token (401 otherwise), then check the organisation permission.

    A MethodView declares `permissions = {"GET": "partner:read", ...}`; for a URL with <slug>
    the check runs before the body is parsed, so a forbidden caller learns nothing from a 422.
    The organisation is then in g.org and the user in g.api_user."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        user = bearer_user()
        if user is None:
            resp, status = error_response(
                401, "unauthorized", _("Sign in with an API token: Authorization: Bearer <token>.")
            )
            resp.headers["WWW-Authenticate"] = "Bearer"
            return resp, status
        g.api_user = user
        if request.is_json and request.get_data() and request.get_json(silent=True) is None:
            return error_response(400, "bad_request", _("The request body is not valid JSON."))
        view = current_app.view_functions.get(request.endpoint)
        permissions = getattr(getattr(view, "view_class", None), "permissions", {})
        action = permissions.get(request.method)
        slug = (request.view_args or {}).get("slug")
        if slug is not None:
            if action is None:
                raise RuntimeError(f"{request.endpoint} {request.method} declares no permission")
            api_org(slug, action)
        return fn(*args, **kwargs)

    return wrapper


def api_org(slug: str, action: str):
    """The organisation of the URL, checked for the token's user like org_context."""
    org = access.org_by_slug(slug)
    access.require(g.api_user, org, action)
    g.org = org
    return org


def handle_domain_error(error: DomainError) -> Any:
    """The app's one handler of DomainError: the JSON error body for an API request (422 with
    the ValidationError's fields, 409 Conflict, 403, 404), the error page for a page request
    (`llp_gov.web.handle_domain_error`)."""
    if request.path.startswith("/api/"):
        return error_response(error.status, error.code, str(error), error.fields)
    return page_domain_error(error)


def make_blueprint(name: str, import_name: str, description: str = "") -> Blueprint:
    """A flask-smorest Blueprint under /api/v1 (a domain's `api.blp`, registered by create_app
    and exempt from CSRF: the API authenticates by bearer token)."""
    return Blueprint(name, import_name, url_prefix=API_PREFIX, description=description)


def perform(service: Callable[..., T], /, **kwargs) -> T:
    """The one flow of an API action: call `service` as the token's user in the URL's
    organisation (`actor=g.api_user, organisation=g.org`, plus `kwargs`), commit once, return
    its result for the response schema.

    Any exception rolls the session back and propagates: ValidationError becomes the 422 body
    with its fields, Conflict a 409, PermissionDenied a 403, NotFound a 404 (see
    llp_gov.web.handle_domain_error)."""
    try:
        result = service(actor=g.api_user, organisation=g.org, **kwargs)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return result
