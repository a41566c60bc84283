"""Signals of the resolutions domain (blinker, the signal library Flask uses).

Domains above resolutions (projects) react to a resolution without resolutions importing them:
they connect a receiver in their ``init_app``. Receivers run synchronously inside the sender's
transaction (flushed, not committed); an exception in a receiver aborts the whole action.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent when a resolution that concerns a project is closed (its result recorded).
#: sender: the Resolution; keyword arguments: ``organisation`` (Organisation), ``adopted`` (bool).
resolution_closed = _signals.signal("resolution-closed")

#: Sent when a resolution is opened (its votes created, the voters notified). sender: the
#: Resolution; keyword arguments: ``organisation``, ``actor`` (User), ``voters`` (list of Partner).
#: The board portal (llp_gov.board) records the convening notices here.
resolution_opened = _signals.signal("resolution-opened")

#: Sent when a user views a resolution's page. sender: the Resolution; keyword arguments:
#: ``organisation``, ``user``. A receiver may return a response (a redirect after recording
#: something, e.g. the board portal's "notice opened"); the page returns the first one given.
resolution_viewed = _signals.signal("resolution-viewed")
