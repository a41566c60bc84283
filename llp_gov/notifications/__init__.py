"""In-app notifications and mail."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Configure outgoing mail and add the notifications page to the navigation."""
    # This package runs whenever its models load (with every model, long before an app exists);
    # its mail and page modules, and with them the web layer and the job queue, load only when an
    # app is built.
    from llp_gov.notifications import mail  # noqa: PLC0415 (loads with the app)
    from llp_gov.notifications.views import init_nav  # noqa: PLC0415 (views load with the app)

    mail.init_app(app)
    init_nav()
