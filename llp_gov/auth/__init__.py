"""Users, sign-in, roles policy and API tokens."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from llp_gov import access
from llp_gov.auth import policy
from llp_gov.auth.services import user_for_token


def init_app(app: Flask) -> None:
    """Register the role policy and the token lookup with the request flow (llp_gov.access),
    and trust PROXY_COUNT reverse proxies' X-Forwarded-For/-Proto when it is set."""
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
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]  # Flask's documented way to wrap the WSGI app
