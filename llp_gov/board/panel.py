"""What the board section of a resolution's page shows (templates/board/_resolution.html)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from llp_gov.auth import policy
from llp_gov.board import minutes, notices, proxies
from llp_gov.orgs.models import Organisation
from llp_gov.resolutions.models import Resolution
from llp_gov.resolutions.tally import state


def board_panel(org: Organisation, resolution: Resolution) -> dict[str, Any]:
    """Notices with delivered/opened times, proxy votes, the minutes and what the reader may do:
    record a proxy's vote (chairman, resolution open, partners not voted yet) and sign the
    minutes (chairman, resolution closed, minutes unsigned)."""
    chairman = policy.can(current_user, org, "resolution:open")
    by_proxy = proxies.proxies(resolution)
    waiting = [v.partner for v in resolution.votes if v.vote is None]
    is_open = state(resolution).is_open
    return {
        "in_writing": resolution.rule_basis == "in_writing",
        "notices": notices.notices(resolution),
        "proxies": by_proxy,
        "partners": {v.partner_id: v.partner for v in resolution.votes},
        "minutes": minutes.minutes_of(resolution),
        "can_record_proxy": chairman and is_open and bool(waiting),
        "waiting": waiting,
        "can_sign": chairman and resolution.status != "open",
    }
