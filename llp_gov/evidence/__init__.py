"""Certificates of evidence for approvals, votes and signatures, and the public verify page."""


def init_app(app) -> None:
    from llp_gov.evidence import capture  # noqa: F401, PLC0415 (installs the audit hook)
