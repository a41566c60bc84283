"""Domain errors raised by services and mapped to pages and API responses by the web layer."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: a translated, user-facing message and an HTTP status."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str = "", *, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = str(message)
        self.fields = {k: str(v) for k, v in (fields or {}).items()}

    def __str__(self) -> str:
        if self.message:
            return self.message
        return "; ".join(f"{k}: {v}" for k, v in self.fields.items())


class ValidationError(DomainError):
    """Input breaks a business rule; `fields` maps form field names to messages."""

    status = 422
    code = "validation_error"

    def __init__(self, message: str = "", **fields: str):
        super().__init__(message, fields=fields)


class PermissionDenied(DomainError):
    """The actor is a member of the organisation but its role may not do this (403)."""

    status = 403
    code = "forbidden"


class NotFound(DomainError):
    """No such record in this organisation, or the actor is an outsider (404: learns nothing)."""

    status = 404
    code = "not_found"


class Conflict(DomainError):
    """The request is well formed but the record's state forbids it (e.g. a posted entry)."""

    status = 409
    code = "conflict"
