"""The demo domain."""

from flask import Flask


def init_app(app: Flask) -> None:
    """In demo mode, list the demo sign-ins (never the password) on the sign-in page."""
    if app.config.get("DEMO_MODE"):
        # demo.services imports every domain's services; it loads only in demo mode.
        from llp_gov.demo.services import SIGN_INS  # noqa: PLC0415 (only in demo mode)

        # The sign-in page lists them (never the password) so that a visitor knows where to start.
        app.config.setdefault("DEMO_SIGN_INS", SIGN_INS)
