"""The one validation layer at the edge of every request (issue 13, item 4).

Before any view, form or webargs parser runs:

* the request body is limited (`MAX_REQUEST_BYTES`, default 2 MB) before anything parses it;
  only a multipart body from a signed-in user or a valid API token may reach the upload
  allowance (`MAX_UPLOAD_BYTES` per file, `MAX_UPLOAD_FILES` files plus 1 MB of form fields);
  Werkzeug answers 413 without reading the body into the temp folder;
* no text may contain a NUL character (PostgreSQL text cannot store U+0000) and no integer may
  lie outside PostgreSQL's BIGINT range (-2**63 .. 2**63-1): query strings, form fields, file
  names and JSON bodies (at any depth) answer 422 naming the field, never a database error (500).

Numbers are recognised in query strings and form fields as optional sign plus digits only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from flask import Flask, current_app, g, request
from flask import Request as FlaskRequest
from flask_babel import gettext as _
from flask_login import current_user

from llp_gov.api import api, bearer_user, error_response
from llp_gov.web import render_http_error

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
_INTEGER = re.compile(r"\s*[+-]?\d+\s*")


def init_app(app: Flask) -> None:
    """Install the edge on `app` (after the API is bound, before any blueprint registers)."""
    api.ma_plugin.converter.add_attribute_function(integer_bounds)
    app.config.setdefault("MAX_REQUEST_BYTES", 2 * 1024 * 1024)
    app.config.setdefault("MAX_UPLOAD_FILES", 10)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_REQUEST_BYTES"]
    app.request_class = EdgeRequest
    app.before_request(check_request)


def integer_bounds(self, field, ret: dict, **kwargs) -> dict:
    """OpenAPI truth: every integer outside BIGINT is refused here (422), so an integer field
    that states no narrower range of its own gets BIGINT's (apispec attribute function)."""
    if ret.get("type") != "integer":
        return {}
    bounds = {}
    if "minimum" not in ret:
        bounds["minimum"] = BIGINT_MIN
    if "maximum" not in ret:
        bounds["maximum"] = BIGINT_MAX
    return bounds


def upload_allowance(config) -> int:
    """The body limit of a signed-in multipart upload, in bytes: MAX_UPLOAD_FILES files of
    MAX_UPLOAD_BYTES each plus 1 MiB of form fields."""
    return config["MAX_UPLOAD_BYTES"] * config["MAX_UPLOAD_FILES"] + 1024 * 1024


class EdgeRequest(FlaskRequest):
    """A request whose body limit is decided when something first reads the body (the CSRF
    check, a form, webargs): the upload allowance for a multipart body of a signed-in user or a
    valid API token, `MAX_REQUEST_BYTES` for everything else. A view may still set its own."""

    _edge_limit: int | None = None

    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is not None:
            return self._max_content_length
        if not current_app:
            return super().max_content_length
        if self._edge_limit is None:
            config = current_app.config
            upload = self.mimetype == "multipart/form-data" and _authenticated(self)
            self._edge_limit = upload_allowance(config) if upload else config["MAX_REQUEST_BYTES"]
        return self._edge_limit

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def _authenticated(req) -> bool:
    if req.path.startswith("/api/"):
        return bearer_user() is not None
    return bool(current_user.is_authenticated)


def check_request():
    """Refuse NUL characters and out-of-range integers (422) before any view runs."""
    problems = dict(find_problems())
    if not problems:
        return None
    g.edge_problems = problems
    message = _("The request has invalid fields.")
    if request.path.startswith("/api/"):
        return error_response(422, "validation_error", message, problems)
    details = "; ".join(f"{name}: {text}" for name, text in problems.items())
    return render_http_error(422, f"{message} {details}")


def find_problems() -> Iterator[tuple[str, str]]:
    """(field, translated message) for every NUL character and every integer outside BIGINT in
    the request's query string, form fields, file names and JSON body (at any depth)."""
    for name, value in request.args.items(multi=True):
        yield from _text_problems(name, value, numeric=True)
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        for name, value in request.form.items(multi=True):
            yield from _text_problems(name, value, numeric=True)
        for name, storage in request.files.items(multi=True):
            if storage.filename and "\x00" in storage.filename:
                yield name, _nul_message()
    elif request.is_json:
        body = request.get_json(silent=True)
        if body is not None:
            yield from _json_problems("", body)


def _nul_message() -> str:
    return _("Remove the NUL character (U+0000): text may not contain it.")


def _range_message() -> str:
    return _("Enter a whole number between -9223372036854775808 and 9223372036854775807.")


def _text_problems(name: str, value: str, *, numeric: bool) -> Iterator[tuple[str, str]]:
    if "\x00" in name or "\x00" in value:
        yield name.replace("\x00", "\\0"), _nul_message()
    elif numeric and _INTEGER.fullmatch(value) and not BIGINT_MIN <= int(value) <= BIGINT_MAX:
        yield name, _range_message()


def _json_problems(path: str, value) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                yield child.replace("\x00", "\\0"), _nul_message()
                continue
            yield from _json_problems(child, item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_problems(f"{path}.{index}" if path else str(index), item)
    elif isinstance(value, str):
        yield from _text_problems(path, value, numeric=False)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if not BIGINT_MIN <= value <= BIGINT_MAX:
            yield path, _range_message()
    elif isinstance(value, float) and (
        not math.isfinite(value) or (value.is_integer() and not BIGINT_MIN <= value <= BIGINT_MAX)
    ):
        yield path, _range_message()
