"""Access cases for jobs: a job's page, progress and file are read (the job's own need is
checked on top), /health is public."""

from tests.access import Case


def build(world):
    from facilitation.extensions import db
    from facilitation.jobs.models import DONE, Job

    job = Job(
        process_id=world.process_id,
        user_id=world.users["facilitator"].id,
        kind="export",
        params={"kind": "policy", "format": "docx"},
        status=DONE,
        progress=100,
        result=b"PK file",
        result_name="matrix.docx",
        result_type="application/octet-stream",
        result_size=7,
    )
    db.session.add(job)
    db.session.flush()
    world.ids["job"] = job.id


def _job(world):
    return {"job_id": world.ids["job"]}


CASES = [
    Case("jobs.show", "read", values=_job),
    Case("jobs.progress", "read", values=_job),
    Case("jobs.download", "read", values=_job),
    Case("health.health", "public"),
]
