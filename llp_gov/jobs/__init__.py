"""Background jobs on Huey (issue 13, item 2): see llp_gov.jobs.queue."""

from __future__ import annotations

from flask import Flask

from llp_gov.jobs.queue import enqueue, enqueue_once, job, job_state_for  # noqa: F401


def init_app(app: Flask) -> None:
    from llp_gov.jobs import periodic, queue  # noqa: PLC0415, F401 (tasks register on import)

    queue.init_app(app)
