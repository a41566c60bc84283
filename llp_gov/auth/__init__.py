"""Users, sign-in, roles policy and API tokens."""


def init_app(app):
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count:
        # Behind a reverse proxy every request comes from the proxy: trust its X-Forwarded-For and
        # -Proto, so that sign-in throttling per address and the audit trail see the real client.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
