"""The demo domain."""


def init_app(app):
    if app.config.get("DEMO_MODE"):
        from llp_gov.demo.services import SIGN_INS

        # The sign-in page lists them (never the password) so that a visitor knows where to start.
        app.config.setdefault("DEMO_SIGN_INS", SIGN_INS)
