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
#: kind -> what a web process does when a page first sees the job done (``on_done(job)``)
_ON_DONE: dict[str, Callable] = {}
#: kind -> the page that shows a finished job's outcome (``done_url(job)``), if not a file
_DONE_URL: dict[str, Callable] = {}


def register(
    kind: str,
    handler: Handler,
    *,
    on_done: Callable | None = None,
    done_url: Callable | None = None,
) -> None:
    """``on_done`` runs in every web process once the job is done (``follow_up``), and
    again whenever the job's page or progress fragment sees it done: e.g. open co-editing
    rooms catch up from the log the worker wrote (it must be idempotent and quick). ``done_url`` sends the reader on to a page of the
    owning package instead of a download."""
    _HANDLERS[kind] = handler
    if on_done is not None:
        _ON_DONE[kind] = on_done
    if done_url is not None:
        _DONE_URL[kind] = done_url


def handler_for(kind: str) -> Handler | None:
    return _HANDLERS.get(kind)


def kinds_with_follow_up() -> list[str]:
    """The kinds whose finished jobs a web process must follow up (``on_done``)."""
    return sorted(_ON_DONE)


def seen_done(job) -> None:
    hook = _ON_DONE.get(job.kind)
    if hook is not None:
        hook(job)


def done_url(job) -> str | None:
    hook = _DONE_URL.get(job.kind)
    return hook(job) if hook is not None else None
