"""Users, passwords, profiles and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from zoneinfo import available_timezones

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from llp_gov.audit import services as audit
from llp_gov.auth.models import ApiToken, User
from llp_gov.db import db, utcnow
from llp_gov.errors import NotFound, PermissionDenied, ValidationError

TOKEN_PREFIX = "llpg_"
MIN_PASSWORD = 10


def normalise_email(email: str | None) -> str | None:
    """The address in the form we store (email-validator's normalised form: RFC 5321/5322
    syntax, Unicode-normalised internationalised domain; then lower case; at most 254
    characters), or None when it is not a usable address (also reserved domains such as .local).
    No DNS lookup: deliverability is proved by the invitation mail."""
    email = (email or "").strip()
    try:
        checked = validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return None
    normalised = checked.normalized.lower()
    return normalised if len(normalised) <= 254 else None


def _hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def get_by_email(email: str) -> User | None:
    """The user with this e-mail address (case and surrounding spaces ignored), or None."""
    return db.session.execute(
        select(User).where(func.lower(User.email) == (email or "").strip().lower())
    ).scalar_one_or_none()


def create_user(
    *,
    actor,
    email: str,
    name: str,
    password: str | None = None,
    locale: str | None = None,
    timezone: str = "Asia/Tokyo",
) -> User:
    """Create a user and record `user:create` on the system audit chain (users belong to no
    organisation). Flushes nothing; the caller commits.

    `email` is normalised (normalise_email); `password` None creates a user who signs in only
    after setting one (an invitation); it is hashed with PASSWORD_HASH_METHOD (scrypt).
    `locale` one of LANGUAGES or None (the browser decides); `timezone` an IANA name, in which
    the user's pages show times (stored times stay UTC).
    Raises ValidationError with fields: email (invalid or taken), name (empty, over 200
    characters), password (under MIN_PASSWORD characters), locale, timezone."""
    errors = {}
    email = normalise_email(email) or ""
    if not email:
        errors["email"] = _("Enter a valid e-mail address.")
    elif get_by_email(email):
        errors["email"] = _("A user with this e-mail address exists already.")
    if not (name or "").strip():
        errors["name"] = _("This field is required.")
    elif len(name) > 200:
        errors["name"] = _("At most %(n)d characters.", n=200)
    if password is not None and len(password) < MIN_PASSWORD:
        errors["password"] = _("Use at least %(n)d characters.", n=MIN_PASSWORD)
    if locale is not None and locale not in current_app.config["LANGUAGES"]:
        errors["locale"] = _("Choose Japanese, English or Korean.")
    if timezone not in available_timezones():
        errors["timezone"] = _("Unknown time zone.")
    if errors:
        raise ValidationError(**errors)
    user = User(
        email=email,
        name=name.strip(),
        locale=locale,
        timezone=timezone,
        password_hash=_hash(password) if password else None,
    )
    db.session.add(user)
    audit.record(
        tag="user:create",
        actor=actor,
        target=user,
        diff={"email": [None, email], "name": [None, user.name]},
    )
    return user


DEMO_DOMAIN = ".example"  # RFC 2606: no real address ends so; the demo's users all do


def _demo_user_outside_demo_mode(user: User) -> bool:
    """Demo sign-ins exist only in demo mode, even if the demo was once loaded into this database."""
    return user.email.endswith(DEMO_DOMAIN) and not current_app.config.get("DEMO_MODE")


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with this e-mail and password, else None (unknown address, wrong
    password, no password yet, deactivated, or a demo user outside demo mode). Raises nothing;
    a failure costs the same hashing time as a success, so timing tells nothing."""
    user = get_by_email(email)
    if (
        user is None
        or not user.password_hash
        or not user.active
        or _demo_user_outside_demo_mode(user)
    ):
        # Spend the same time as a real check so that timing tells nothing.
        check_password_hash(_dummy_hash(), password or "")
        return None
    return user if check_password_hash(user.password_hash, password or "") else None


_DUMMY: dict[str, str] = {}


def _dummy_hash() -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY:
        _DUMMY[method] = generate_password_hash(secrets.token_hex(8), method=method)
    return _DUMMY[method]


def change_password(*, actor, user: User, current: str, new: str) -> None:
    """A user changes their own password, proving the current one (audited as user:password).

    Raises PermissionDenied when `actor` is not `user`; ValidationError with field `current`
    (wrong current password) or `new` (under MIN_PASSWORD characters)."""
    if actor is None or actor.id != user.id:
        raise PermissionDenied()
    if not user.password_hash or not check_password_hash(user.password_hash, current or ""):
        raise ValidationError(current=_("The current password is wrong."))
    set_password(actor=actor, user=user, password=new, field="new")


def set_password(*, actor, user: User, password: str, field: str = "password") -> None:
    """Hash and set `user`'s password (audited as user:password, the values masked); for
    callers that have already checked who may do so (change_password, accepting an invitation).

    Raises ValidationError on `field` when the password has under MIN_PASSWORD characters."""
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(**{field: _("Use at least %(n)d characters.", n=MIN_PASSWORD)})
    user.password_hash = _hash(password)
    audit.record(tag="user:password", actor=actor, target=user, diff={"password": ["***", "***"]})


def update_profile(
    *,
    actor,
    user: User,
    locale: str | None = None,
    timezone: str | None = None,
    name: str | None = None,
) -> User:
    """Change a user's own language, time zone and name; None leaves a value as it is. Audited
    as user:profile with the changed values only (nothing recorded when nothing changes).

    locale="" clears the preference: the browser's Accept-Language decides again.
    Raises PermissionDenied when `actor` is not `user`; ValidationError with fields locale (not
    one of LANGUAGES), timezone (not an IANA name), name (empty, over 200 characters)."""
    if actor is None or actor.id != user.id:
        raise PermissionDenied()
    changes: dict[str, str | None] = {}
    errors: dict[str, str] = {}
    if locale == "":
        changes["locale"] = None
    elif locale is not None:
        if locale not in current_app.config["LANGUAGES"]:
            errors["locale"] = _("Choose Japanese, English or Korean.")
        changes["locale"] = locale
    if timezone is not None:
        if timezone not in available_timezones():
            errors["timezone"] = _("Unknown time zone.")
        changes["timezone"] = timezone
    if name is not None:
        if not name.strip():
            errors["name"] = _("This field is required.")
        elif len(name) > 200:
            errors["name"] = _("At most %(n)d characters.", n=200)
        changes["name"] = name.strip()
    if errors:
        raise ValidationError(**errors)
    diff = audit.diff_of(user, changes)
    for k, v in changes.items():
        setattr(user, k, v)
    if diff:
        audit.record(tag="user:profile", actor=actor, target=user, diff=diff)
    return user


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(*, actor, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token of `user`: returns (the ApiToken row, the plain secret).

    The secret is shown once and never stored (only its SHA-256 and its first 12 characters);
    audited as token:create. `actor` None is the CLI. Raises PermissionDenied when another
    user's token is asked for; ValidationError with field name (empty, over 100 characters)."""
    if actor is not None and actor.id != user.id:
        raise PermissionDenied()
    name = (name or "").strip()
    if not name:
        raise ValidationError(name=_("This field is required."))
    if len(name) > 100:
        raise ValidationError(name=_("At most %(n)d characters.", n=100))
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, prefix=plain[:12], token_hash=_token_digest(plain))
    db.session.add(token)
    audit.record(
        tag="token:create",
        actor=actor or user,
        target=token,
        diff={"name": [None, name], "prefix": [None, token.prefix]},
    )
    return token, plain


def revoke_token(*, actor, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens (audited as token:revoke; revoking twice changes
    nothing). Raises NotFound for an unknown token or another user's (they learn nothing)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or actor is None or token.user_id != actor.id:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(tag="token:revoke", actor=actor, target=token, diff={"revoked": [False, True]})
    return token


def user_for_token(plain: str) -> User | None:
    """Return the user of a valid, unrevoked token (no audit: reading is not a change)."""
    if not plain or not plain.startswith(TOKEN_PREFIX):
        return None
    token = db.session.execute(
        select(ApiToken).where(ApiToken.token_hash == _token_digest(plain))
    ).scalar_one_or_none()
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    if _demo_user_outside_demo_mode(token.user):
        return None
    return token.user


def tokens_of(user: User) -> list[ApiToken]:
    """Every token of `user`, revoked ones included, oldest first."""
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
        )
    )


def get_user(user_id: int) -> User:
    """The user with id `user_id`; NotFound when there is none."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user
