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
