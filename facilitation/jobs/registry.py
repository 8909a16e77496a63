"""Job handlers, registered by the package that owns the work (``drafting.export``
registers ``export``). A handler is ``handler(job, user, report) -> JobResult``: it reads its
arguments from ``job.params``, calls ``report(percent, step)`` as it goes, may flush
(the runner commits once with the result) and raises :class:`JobFailed` with a code for a
failure the user can act on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class JobResult:
    filename: str
    mimetype: str
    data: bytes


class JobFailed(Exception):
    """A failure with a plain explanation: ``code`` is one of :data:`messages.ERRORS`."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


Handler = Callable[..., JobResult]
_HANDLERS: dict[str, Handler] = {}


def register(kind: str, handler: Handler) -> None:
    _HANDLERS[kind] = handler


def handler_for(kind: str) -> Handler | None:
    return _HANDLERS.get(kind)
