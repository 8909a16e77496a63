"""The analysis blueprint and the helpers its view modules share: loading an object
of the current process (404 otherwise), the save-commit-redirect pattern, choice
lists, and the delete page that says what depends on an object."""

from __future__ import annotations

import os
from collections.abc import Callable

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from facilitation.extensions import db
from facilitation.models import Organisation
from facilitation.scoped import get_in_process_or_404
from facilitation.sorting import collation_key
from facilitation.validation import ValidationFailed
from policycycle import models as chain

from .forms import DeleteForm
from .tree_layout import LayoutOptions

bp = Blueprint(
    "analysis",
    __name__,
    static_folder=os.path.join(os.path.dirname(__file__), "static"),
    static_url_path="/static/analysis-stage",
)


@bp.context_processor
def _enums():
    """The enums whose labels the templates show (values come from the database as str)."""
    enums = {
        "AgendaStatus": chain.AgendaStatus,
        "DriverKind": chain.DriverKind,
        "Quadrant": chain.Quadrant,
        "TowsKind": chain.TowsKind,
        "FrameworkKind": chain.FrameworkKind,
        "GapRating": chain.GapRating,
        "NodeKind": chain.NodeKind,
        "ObjectiveLevel": chain.ObjectiveLevel,
    }
    # Labels resolved once per page: long lists then avoid one translation per row.
    labels = {name: {m.value: str(m.label) for m in enum} for name, enum in enums.items()}
    return {**enums, "labels": labels, "id_urls": id_urls}


# On screen, leaves that share a parent stack in a column below it: narrower trees.
SCREEN_LAYOUT = LayoutOptions(stack_leaves=3)

_ID_MARK = 987654321


def id_urls(endpoint: str, key: str, **values) -> Callable[[int], str]:
    """A fast URL builder for one endpoint in a long list: ``id_urls(ep, "node_id")(7)``."""
    template = url_for(endpoint, process_id=g.process.id, **{key: _ID_MARK}, **values)
    return lambda object_id: template.replace(str(_ID_MARK), str(object_id))


def owned(model, object_id: int):
    """The object of the current process, or 404 (never another process's object)."""
    return get_in_process_or_404(model, object_id, g.process.id)


def status_of(form) -> int:
    return 400 if form.is_submitted() and (form.errors or form.form_errors) else 200


def save(form, action: Callable[[], object], message: str, target: str | Callable) -> object:
    """Validate, run the service, commit once, flash and redirect (POST-redirect-GET).
    Returns None when the form or the service refused: the view re-renders with 400."""
    if not form.validate_on_submit():
        return None
    try:
        result = action()
    except ValidationFailed as failed:
        db.session.rollback()
        failed.apply_to_form(form)
        return None
    db.session.commit()
    flash(message, "success")
    return redirect(target(result) if callable(target) else target)


def organisation_choices(process_id: int) -> list[tuple]:
    rows = db.session.execute(
        db.select(Organisation.id, Organisation.name, Organisation.acronym).where(
            Organisation.process_id == process_id
        )
    ).all()
    rows = sorted(rows, key=lambda r: collation_key(r.name))
    return [(0, _("— none —"))] + [
        (r.id, f"{r.name} ({r.acronym})" if r.acronym else r.name) for r in rows
    ]


def short(text: str, length: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def delete_page(
    *,
    what: str,
    title: str,
    dependents: list[str],
    remove: Callable[[], None],
    back: str,
    done: str,
    note: str | None = None,
):
    """GET shows what will be deleted and what depends on it; POST deletes, unless
    something depends on it (then the service refuses and the page says why)."""
    form = DeleteForm()
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        try:
            remove()
        except ValidationFailed as failed:
            db.session.rollback()
            failed.apply_to_form(form)
            status = 409
        else:
            db.session.commit()
            flash(_("%(what)s deleted.", what=what), "success")
            return redirect(done)
    return render_template(
        "policycycle/analysis/confirm_delete.html",
        form=form,
        what=what,
        title=title,
        dependents=dependents,
        back=back,
        note=note,
    ), status


def url(endpoint: str, **values) -> str:
    return url_for(endpoint, process_id=g.process.id, **values)
