"""An agreed stage is read-only until a coordinator or facilitator reopens it.

The one check, run by the access layer (``process_access``) for every process view:
the stage registry says which stage a view belongs to; when that stage is agreed,
``g.locked_stage`` holds its state (templates then render read-only, the same way as
for observers, because ``can("write")`` answers no), and a request that would change
it is refused with a message and a redirect, for htmx too, never an error page.
"""

from __future__ import annotations

from flask import flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .extensions import db
from .models import StageState
from .stages import STAGE_BY_KEY, registry


def agreed_state(process_id: int, stage: str | None) -> StageState | None:
    """The stage's state if it is agreed now, else None."""
    if not stage:
        return None
    return db.session.execute(
        db.select(StageState).where(
            StageState.process_id == process_id,
            StageState.stage == stage,
            StageState.agreed.is_(True),
        )
    ).scalar_one_or_none()


def lock_of_request(process_id: int) -> StageState | None:
    """The agreed stage the current request's view belongs to, or None."""
    stage = registry().stage_of(request.endpoint, request.view_args)
    return agreed_state(process_id, stage)


def stage_is_locked(process_id: int, stage: str | None) -> bool:
    return agreed_state(process_id, stage) is not None


def refusal_message(state: StageState) -> str:
    return _(
        "“%(stage)s” is agreed, so it is read-only. A coordinator or facilitator can "
        "reopen it from the dashboard.",
        stage=STAGE_BY_KEY[state.stage].label,
    )


def refuse(state: StageState):
    """Refuse a change to an agreed stage: flash why and go back to the stage's page.

    htmx follows ``HX-Redirect`` (a plain redirect would be swapped into the fragment)."""
    flash(refusal_message(state), "error")
    endpoint = registry().stage_pages.get(state.stage)
    target = (
        url_for(endpoint, process_id=state.process_id)
        if endpoint
        else url_for("processes.dashboard", process_id=state.process_id)
    )
    if request.headers.get("HX-Request") == "true":
        response = make_response(
            render_template("errors/_fragment.html", message=refusal_message(state))
        )
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def locked_stage() -> StageState | None:
    """Template helper: the agreed stage of this page (set by the access layer)."""
    return g.get("locked_stage")
