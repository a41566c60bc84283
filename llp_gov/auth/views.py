"""Sign-in, sign-out, the profile page and personal API tokens."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from llp_gov import access
from llp_gov.auth import policy, services
from llp_gov.auth.forms import EmptyForm, LoginForm, PasswordForm, ProfileForm, TokenForm
from llp_gov.extensions import limiter
from llp_gov.web import is_safe_next, render_http_error, submit_form

bp = Blueprint("auth", __name__)


def _account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()


def _failed(response) -> bool:
    # Only failed attempts count towards the limits: success redirects.
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_failed,
    error_message=lambda: _("Too many sign-in attempts. Wait a few minutes and try again."),
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed,
    error_message=lambda: _("Too many sign-in attempts. Wait a few minutes and try again."),
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            target = request.args.get("next")
            return redirect(target if is_safe_next(target) else url_for("index"))
        error = _("The e-mail address or password is wrong.")
    elif request.method == "POST":
        error = _("Enter your e-mail address and password.")
    return render_template(
        "auth/login.html", form=form, error=error, demo_sign_ins=_demo_sign_ins()
    )


def _demo_sign_ins() -> tuple[str, ...]:
    if not current_app.config.get("DEMO_MODE"):
        return ()
    return tuple(current_app.config.get("DEMO_SIGN_INS", ()))


@bp.errorhandler(429)
def too_many_attempts(error):
    """Throttled sign-in: the sign-in page again, with the reason and when to try."""
    if request.endpoint != "auth.login":
        return render_http_error(429)
    form = LoginForm(formdata=None, email=request.form.get("email", ""))
    message = _("Too many sign-in attempts. Wait a few minutes and try again.")
    return render_template(
        "auth/login.html", form=form, error=message, demo_sign_ins=_demo_sign_ins()
    ), 429


@bp.post("/logout")
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        logout_user()
    return redirect(url_for("auth.login"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    done = submit_form(
        form,
        lambda: services.update_profile(
            actor=current_user,
            user=current_user,
            name=form.name.data,
            locale=form.locale.data,
            timezone=form.timezone.data,
        ),
        success=_("Your profile was saved."),
        next_url=url_for("auth.profile"),
    )
    if done:
        return done
    return _profile_page(form=form, token_form=TokenForm(prefix="token"), new_token=None)


@bp.post("/profile/password")
@login_required
def change_password():
    form = PasswordForm(prefix="pw")
    done = submit_form(
        form,
        lambda: services.change_password(
            actor=current_user, user=current_user, current=form.current.data, new=form.new.data
        ),
        success=_("Your password was changed."),
        next_url=url_for("auth.profile"),
    )
    if done:
        return done
    profile_form = ProfileForm(formdata=None, obj=current_user)
    return _profile_page(
        form=profile_form, token_form=TokenForm(prefix="token"), new_token=None, password_form=form
    )


def _profile_page(*, form, token_form, new_token, password_form=None):
    if form.locale.data is None:
        form.locale.data = current_user.locale or ""
    memberships = [(org, policy.role_of(current_user, org)) for org in access.orgs_of(current_user)]
    return render_template(
        "auth/profile.html",
        form=form,
        token_form=token_form,
        revoke_form=EmptyForm(),
        tokens=services.tokens_of(current_user),
        new_token=new_token,
        memberships=memberships,
        password_form=password_form or PasswordForm(prefix="pw", formdata=None),
    )


@bp.post("/profile/tokens")
@login_required
def create_token():
    form = TokenForm(prefix="token")

    def page(created: tuple[Any, str] | None) -> str:
        # The secret is shown once, on this response (never stored in plain, never redirected).
        profile_form = ProfileForm(formdata=None, obj=current_user)
        new_token = created[1] if created else None
        return _profile_page(form=profile_form, token_form=form, new_token=new_token)

    return submit_form(
        form,
        lambda: services.create_token(actor=current_user, user=current_user, name=form.name.data),
        respond=page,
    ) or page(None)


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    back = url_for("auth.profile")
    return submit_form(
        EmptyForm(),
        lambda: services.revoke_token(actor=current_user, token_id=token_id),
        success=_("The token was revoked."),
        next_url=back,
    ) or redirect(back)


@bp.post("/locale/<lang>")
def set_locale(lang: str):
    """Switch the interface language: saved on the profile, or in the session when signed out."""
    target = request.form.get("next")
    back = target if is_safe_next(target) else url_for("index")
    form = EmptyForm()
    if lang not in current_app.config["LANGUAGES"]:
        return redirect(back)
    if current_user.is_authenticated:
        return submit_form(
            form,
            lambda: services.update_profile(actor=current_user, user=current_user, locale=lang),
            next_url=back,
        ) or redirect(back)
    if form.validate_on_submit():
        session["locale"] = lang
    return redirect(back)
