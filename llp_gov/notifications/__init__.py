"""In-app notifications and mail."""


def init_app(app):
    from llp_gov.notifications import mail
    from llp_gov.notifications.views import init_nav

    mail.init_app(app)
    init_nav()
