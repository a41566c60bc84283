"""Joint projects and their approval."""

from flask_babel import format_currency


def money(amount, currency: str = "JPY") -> str:
    """An amount in major units with its currency, in the reader's locale."""
    return "" if amount is None else format_currency(amount, currency)


def init_app(app):
    # The workflow and the pages load only when an app is built: importing the package for its
    # models (llp_gov.models) must not pull in the services, the pages and the other domains.
    from llp_gov.projects import workflow  # noqa: PLC0415 (see above)
    from llp_gov.projects.views import init_nav  # noqa: PLC0415 (see above)
    from llp_gov.resolutions import signals  # noqa: PLC0415 (see above)

    # A closed resolution on a project moves the project (resolutions does not import projects).
    signals.resolution_closed.connect(workflow.on_resolution_closed)
    # What the resolution pages and service ask about projects (resolutions imports no project).
    signals.project_lookup.connect(workflow.project_for_resolution)
    signals.projects_waiting.connect(workflow.projects_waiting)
    signals.project_status_labels.connect(workflow.status_labels)

    app.jinja_env.filters.setdefault("money", money)
    init_nav()
