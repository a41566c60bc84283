"""Board portal on the partners' resolutions (llp_gov.resolutions): convening notices (招集通知)
with delivered and opened status, votes cast by proxy with the proxy document (委任状), resolutions
decided in writing (書面決議: ``open_resolution(in_writing=True)``, adopted only if every partner
consents) and signed minutes (議事録).

Resolutions does not import this package: it sends ``resolution_opened`` and ``resolution_viewed``
(llp_gov.resolutions.signals) and its detail page includes ``templates/board/_resolution.html``,
which reads ``board_panel(org, resolution)`` (a Jinja global registered here).
"""

from __future__ import annotations

from flask import Flask

from llp_gov.board import notices, panel, proxies
from llp_gov.board.views import init_nav
from llp_gov.resolutions import signals


def init_app(app: Flask) -> None:
    signals.resolution_opened.connect(notices.on_resolution_opened)
    signals.resolution_viewed.connect(notices.on_resolution_viewed)
    signals.vote_proxies.connect(proxies.proxy_names)
    app.jinja_env.globals["board_panel"] = panel.board_panel
    init_nav()
