"""One row per long job (an export, an import...): its state, progress and result.

The row, not the queue, is the source of truth: the page polls it, the worker writes it,
and it lives in the application's database so every server process sees the same jobs.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from facilitation.extensions import db
from facilitation.mixins import ProcessScoped, Timestamped

from . import results

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
ACTIVE = (QUEUED, RUNNING)


class Job(ProcessScoped, Timestamped, db.Model):
    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    #: Which handler runs it (``export``...); ``params`` are the handler's arguments.
    kind: Mapped[str] = mapped_column(String(40))
    # Deferred: an import carries its file here until it runs; progress polls never load it.
    params: Mapped[dict] = mapped_column(JSON, default=dict, deferred=True)
    #: The access a member needs to see the job and fetch its result (read, manage...).
    need: Mapped[str] = mapped_column(String(10), default="read")
    status: Mapped[str] = mapped_column(String(10), default=QUEUED, index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    #: Codes, turned into words in the reader's language when shown.
    step: Mapped[str] = mapped_column(String(40), default="")
    error: Mapped[str] = mapped_column(String(40), default="")
    worker: Mapped[str] = mapped_column(String(80), default="")
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    result_name: Mapped[str] = mapped_column(String(255), default="")
    result_type: Mapped[str] = mapped_column(String(120), default="")
    result_size: Mapped[int] = mapped_column(Integer, default=0)
    #: The file's name in the results folder (``results.py``), when it is kept there.
    result_file: Mapped[str | None] = mapped_column(String(40))
    # The file itself when it is kept in the database (PostgreSQL; rows from before the
    # results folder). Deferred: progress polls never load it. Read and write ``result``.
    stored_result: Mapped[bytes | None] = mapped_column("result", LargeBinary, deferred=True)

    @property
    def result(self) -> bytes | None:
        """The job's file, wherever it is kept (``results.py`` says where and why)."""
        if self.result_file:
            return results.load(results.folder(current_app.config), self.result_file)
        return self.stored_result

    @result.setter
    def result(self, data: bytes | None) -> None:
        # A file this row named before stays until the sweep (results.sweep): removed now,
        # a rolled-back transaction would leave the row naming a file that is gone.
        config = current_app.config
        if data is None or results.in_database(config):
            self.stored_result, self.result_file = data, None
        else:
            self.stored_result = None
            self.result_file = results.save(results.folder(config), data)

    @property
    def active(self) -> bool:
        return self.status in ACTIVE
