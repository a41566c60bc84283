"""The contracts domain: records, lifecycle, PDFs (through llp_gov.pdf) and the partnership agreement."""


def init_app(app) -> None:
    from llp_gov.contracts import reminders  # noqa: PLC0415 (app factory)
    from llp_gov.contracts.views import init_nav  # noqa: PLC0415
    from llp_gov.jobs.periodic import register_daily  # noqa: PLC0415

    init_nav()
    from llp_gov.contracts.execution import agreement_status  # noqa: PLC0415

    # templates/contracts/_agreement_status.html (on the partner register) calls it.
    app.jinja_env.globals["agreement_status"] = agreement_status
    # Daily in the worker: auto-renewals, then the 60/30/7-day reminders (issue 15).
    register_daily("contracts:renewal-reminders", reminders.send_due_reminders)
