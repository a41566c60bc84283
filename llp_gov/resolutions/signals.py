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

#: Questions resolutions asks the projects domain without importing it (projects connects the
#: answers in its ``init_app``; ``answer`` returns the first one given):
#: the project of an organisation a new resolution concerns (sender: the Organisation; keyword
#: ``project_id``; answer: the Project or None),
project_lookup = _signals.signal("project-lookup")
#: the projects waiting for a decision, for the resolution form (sender: the Organisation;
#: answer: a list of Project),
projects_waiting = _signals.signal("projects-waiting")
#: the words of a project's statuses, for the resolution pages (sender: None; answer: a dict).
project_status_labels = _signals.signal("project-status-labels")

#: Who cast each vote by proxy (the board portal records proxies; sender: the Resolution;
#: answer: {partner id: the proxy's name}). The vote row's cast_by is then the user who entered
#: it (the chairman), not the person who exercised the vote.
vote_proxies = _signals.signal("vote-proxies")


def answer(signal, sender, default=None, **kwargs):
    """The first receiver's non-None return value, else `default` (no projects domain)."""
    for _receiver, value in signal.send(sender, **kwargs):
        if value is not None:
            return value
    return default
