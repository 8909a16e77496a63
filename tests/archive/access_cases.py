"""Access cases for the archive's routes."""

from tests.access import Case

CASES = [
    Case("archive.index", "manage"),
    Case("archive.start", "manage", method="POST"),
    Case("archive_import.import_archive", "login"),
    Case("archive_import.import_archive", "login", method="POST", data={}),
]


def build(world):
    """A merge preview job (its page and its apply)."""
    from archive import merge_jobs
    from facilitation.extensions import db
    from facilitation.jobs.models import DONE, Job

    job = Job(
        process_id=world.process_id,
        user_id=world.users["facilitator"].id,
        kind=merge_jobs.KIND,
        params={"filename": "laptop.zip", "problems": ["not an archive"]},
        need="manage",
        status=DONE,
        progress=100,
        result=b"PK not really",
        result_name="laptop.zip",
        result_type="application/zip",
        result_size=13,
    )
    db.session.add(job)
    db.session.flush()
    world.ids["merge_job"] = job.id


def _merge_job(world):
    return {"job_id": world.ids["merge_job"]}


CASES += [
    Case("archive_merge.upload", "manage"),
    Case("archive_merge.upload", "manage", method="POST", data={}),
    Case("archive_merge.preview", "manage", values=_merge_job),
    Case("archive_merge.apply", "manage", method="POST", values=_merge_job, data={}),
]
