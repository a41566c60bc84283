"""Operations (issue 13): the request edge (size limit, NUL and BIGINT validation), the file store
check, backup and restore. The job queue lives in llp_gov.jobs."""

from __future__ import annotations

from flask import Flask

from llp_gov.operations import edge, filestore, idempotency  # noqa: F401
from llp_gov.operations.cli import backup_cli, storage_cli


def init_app(app: Flask) -> None:
    edge.init_app(app)
    idempotency.init_app(app)
    filestore.install_hooks()
    app.cli.add_command(storage_cli)
    app.cli.add_command(backup_cli)
