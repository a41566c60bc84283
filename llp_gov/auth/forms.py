from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class ProfileForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    locale = SelectField(
        _l("Language"), choices=[("ja", "日本語"), ("en", "English"), ("ko", "한국어")]
    )
    timezone = StringField(_l("Time zone"), validators=[DataRequired(), Length(max=64)])


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)])


class EmptyForm(FlaskForm):
    """A form with only its CSRF token, for buttons that change state."""
