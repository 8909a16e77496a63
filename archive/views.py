"""The Archive page of a process (download the whole process, as a job) and the page that
imports an archive as a new process."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from facilitation.access import MANAGE, login_only, process_access
from facilitation.extensions import db
from facilitation.jobs import services as jobs
from facilitation.validation import ValidationFailed

from . import jobs as archive_jobs
from . import loader, reader
from .forms import ImportForm

bp = Blueprint("archive", __name__, url_prefix="/p/<int:process_id>/archive")
import_bp = Blueprint("archive_import", __name__, url_prefix="/archive")


@bp.get("/")
@process_access(MANAGE)
def index(process_id: int):
    return render_template(
        "archive/index.html",
        recent_jobs=[
            j for j in jobs.recent(process_id, current_user.id) if j.kind == archive_jobs.KIND
        ],
    )


@bp.post("/start")
@process_access(MANAGE)
def start(process_id: int):
    """The archive holds personal data (members' e-mails, who wrote what): coordinators
    and facilitators only, like the job's file."""
    try:
        job = jobs.create(process_id, current_user, archive_jobs.KIND, {}, need=MANAGE)
    except ValidationFailed as refused:
        db.session.rollback()
        for message in refused.errors.values():
            flash(message, "error")
        return redirect(url_for("archive.index", process_id=process_id))
    db.session.commit()
    jobs.enqueue(job)
    return redirect(url_for("jobs.show", process_id=process_id, job_id=job.id))


@import_bp.route("/import", methods=["GET", "POST"])
@login_only
def import_archive():
    """Open to every signed-in person, like starting a new process: an import creates a
    new process (its importer becomes its coordinator) and opens no existing one."""
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        limit = reader.limits(current_app.config)["ARCHIVE_MAX_BYTES"]
        data = form.archive.data.read(limit + 1)
        try:
            result = loader.load(reader.read(data, current_app.config), current_user)
        except reader.ArchiveRefused as refused:
            db.session.rollback()
            problems = refused.problems
        else:
            db.session.commit()
            invited = [
                (email, url_for("auth.accept_invitation", token=token, _external=True))
                for email, token in result.invited
            ]
            return render_template("archive/imported.html", result=result, invited=invited)
    status = 400 if (problems or form.errors) else 200
    return render_template("archive/import.html", form=form, problems=problems), status
