"""Users, sign-in, roles policy and API tokens."""


def init_app(app):
    from llp_gov import access
    from llp_gov.auth import policy
    from llp_gov.auth.services import user_for_token

    # The request flow (web, api) checks permissions and API tokens through these hooks.
    access.register(
        require=policy.require,
        can=policy.can,
        membership_of=policy.membership_of,
        user_for_token=user_for_token,
    )
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count:
        # Behind a reverse proxy every request comes from the proxy: trust its X-Forwarded-For and
        # -Proto, so that sign-in throttling per address and the audit trail see the real client.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
