"""Idempotency-Key on API POST requests (uploads first of all), issue 13, item 4.

A client that retries after a connection reset sends the same `Idempotency-Key` header and gets
the first result, not a second document. The key is reserved (unique per user) in its own
committed transaction before the view runs; the response of a non-5xx answer is stored with it
and replayed, with an `Idempotent-Replayed: true` header. A request still running with the same
key answers 409; the same key on another method or path answers 422. A 5xx answer frees the key
(the request changed nothing: its transaction rolled back). Keys are kept for KEEP_HOURS.
See draft-ietf-httpapi-idempotency-key-header.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, Response, g, request
from flask_babel import gettext as _
from sqlalchemy import BigInteger, Integer, LargeBinary, String, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from llp_gov.api import bearer_user, error_response
from llp_gov.db import BigIntPK, Model, UTCDateTime, db, utcnow

HEADER = "Idempotency-Key"
KEEP_HOURS = 24
MAX_KEY = 200


class IdempotencyKey(Model):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    key: Mapped[str] = mapped_column(String(MAX_KEY))
    fingerprint: Mapped[str] = mapped_column(String(600))
    status: Mapped[int | None] = mapped_column(Integer)  # None while the request runs
    content_type: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


def init_app(app: Flask) -> None:
    app.before_request(_before)
    app.after_request(_after)


def _fingerprint() -> str:
    return f"{request.method} {request.path}"[:600]


def _before():
    key = request.headers.get(HEADER)
    if not key or request.method != "POST" or not request.path.startswith("/api/"):
        return None
    user = bearer_user()
    if user is None:
        return None  # token_required answers 401
    if len(key) > MAX_KEY or not key.isprintable():
        return error_response(
            422,
            "validation_error",
            _("The request has invalid fields."),
            {HEADER: _("Use at most 200 printable characters.")},
        )
    with Session(bind=db.engine) as session:
        session.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.created_at < utcnow() - dt.timedelta(hours=KEEP_HOURS)
            )
        )
        session.commit()
        row = IdempotencyKey(
            user_id=user.id, key=key, fingerprint=_fingerprint(), created_at=utcnow()
        )
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            row = session.scalars(
                select(IdempotencyKey).where(
                    IdempotencyKey.user_id == user.id, IdempotencyKey.key == key
                )
            ).one_or_none()
            return _replay(row)
        g.idempotency_key_id = row.id
    return None


def _replay(row: IdempotencyKey | None):
    if row is None or row.status is None:
        return error_response(
            409, "conflict", _("A request with this Idempotency-Key is still running. Retry later.")
        )
    if row.fingerprint != _fingerprint():
        return error_response(
            422,
            "validation_error",
            _("This Idempotency-Key was used for another request."),
            {HEADER: _("Use a new key for a new request.")},
        )
    response = Response(row.body or b"", status=row.status, content_type=row.content_type)
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _after(response: Response) -> Response:
    key_id = g.pop("idempotency_key_id", None)
    if key_id is None:
        return response
    with Session(bind=db.engine) as session:
        row = session.get(IdempotencyKey, key_id)
        if row is not None:
            if response.status_code >= 500:
                session.delete(row)
            else:
                row.status = response.status_code
                row.content_type = response.content_type
                row.body = response.get_data()
            session.commit()
    return response
