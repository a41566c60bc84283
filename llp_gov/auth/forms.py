from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


def timezone_choices() -> list[tuple[str, str]]:
    """Every IANA zone, the two our users live in first."""
    first = ["Asia/Tokyo", "Asia/Seoul"]
    return [(z, z) for z in first] + [
        (z, z) for z in sorted(available_timezones()) if z not in first
    ]


class ProfileForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    locale = SelectField(
        _l("Language"),
        choices=[
            ("", _l("As the browser asks")),
            ("ja", "日本語"),
            ("en", "English"),
            ("ko", "한국어"),
        ],
    )
    # Checked against the zone list by the service, with a translated message.
    timezone = SelectField(_l("Time zone"), choices=timezone_choices, validate_choice=False)


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))],
    )


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)])


class EmptyForm(FlaskForm):
    """A form with only its CSRF token, for buttons that change state."""
