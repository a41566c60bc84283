"""Counting a resolution: pure functions, so that reading never writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from llp_gov.db import utcnow


@dataclass(frozen=True)
class Tally:
    base: int  # partners entitled to vote
    required: int  # votes in favour needed
    for_: int
    against: int
    abstain: int
    missing: int

    @property
    def adopted(self) -> bool:
        return self.for_ >= self.required

    @property
    def decided(self) -> bool:
        """True once the votes not yet cast can no longer change the outcome."""
        return self.adopted or self.for_ + self.missing < self.required

    def as_dict(self) -> dict:
        return {
            "base": self.base,
            "required": self.required,
            "for": self.for_,
            "against": self.against,
            "abstain": self.abstain,
            "missing": self.missing,
        }


@dataclass(frozen=True)
class State:
    """A resolution as of a moment: `status` is open, adopted or rejected; `recorded` says
    whether the closing is already in the database (False: the deadline passed and
    `close-due` has not run yet)."""

    status: str
    tally: Tally
    recorded: bool

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def tally(resolution) -> Tally:
    # Only rows created at opening count: every entitled partner, voted or not.
    votes = [v.vote for v in resolution.votes]
    return Tally(
        base=resolution.base,
        required=resolution.required,
        for_=votes.count("for"),
        against=votes.count("against"),
        abstain=votes.count("abstain"),
        missing=votes.count(None),
    )


def state(resolution, now: dt.datetime | None = None) -> State:
    """The resolution's status as of `now`, without writing anything."""
    now = now or utcnow()
    t = tally(resolution)
    if resolution.status != "open":
        return State(resolution.status, t, True)
    if now >= resolution.deadline or t.decided:
        return State("adopted" if t.adopted else "rejected", t, False)
    return State("open", t, True)
