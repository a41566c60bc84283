"""The operator's page of failed jobs with a retry button (superadmins)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from llp_gov.jobs import services
from llp_gov.web import submit_form

bp = Blueprint("jobs", __name__)


class RetryForm(FlaskForm):
    pass


@bp.get("/admin/jobs")
@login_required
def failed():
    jobs = services.failed_jobs(actor=current_user)
    return render_template("jobs/failed.html", jobs=jobs, form=RetryForm())


@bp.post("/admin/jobs/<int:job_id>/retry")
@login_required
def retry(job_id: int):
    response = submit_form(
        RetryForm(),
        lambda: services.retry(actor=current_user, job_id=job_id),
        success=_("The job is queued again."),
        next_url=url_for("jobs.failed"),
    )
    return response or redirect(url_for("jobs.failed"))
