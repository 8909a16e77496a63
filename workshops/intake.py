"""Into the cycle: accepting workshop ideas as artefacts of the process, with a link back.

``provenance_for(process_id, object_type, ids)`` is the public read side: any stage
page can show which session an artefact came from (see the ``provenance`` macro in
``templates/workshops/_provenance.html``).
"""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from drafting import services as drafting_services
from facilitation import stage_lock
from facilitation.extensions import db
from facilitation.validation import ValidationFailed, in_process
from policycycle.models import (
    NodeKind,
    Objective,
    ObjectiveLevel,
    PolicyIssue,
    PolicyOption,
    ProblemNode,
    Quadrant,
    SwotItem,
)

from . import rules
from .models import Contribution, ProvenanceLink, Workshop
from .rules import RuleBroken

# Where an idea can go, and the artefact type recorded in the provenance link.
TARGETS = {
    "swot": ("SwotItem", _l("SWOT item")),
    "issue": ("PolicyIssue", _l("Issue")),
    "cause": ("ProblemNode", _l("Cause in the problem tree")),
    "objective": ("Objective", _l("Objective")),
    "option": ("PolicyOption", _l("Policy option")),
    "comment": ("DraftComment", _l("Comment on a draft")),
}
# The stage each target belongs to: an agreed stage takes no new artefact.
TARGET_STAGE = {
    "swot": "analysis",
    "issue": "agenda",
    "cause": "analysis",
    "objective": "objectives",
    "option": "options",
}
# The target a board column suggests.
COLUMN_TARGET = {
    **{q.value: "swot" for q in Quadrant},
    "issue": "issue",
    "cause": "cause",
    "objective": "objective",
    "option": "option",
    "comment": "comment",
}


def target_choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, (_type, label) in TARGETS.items()]


def links_of(idea: Contribution) -> list[ProvenanceLink]:
    return list(
        db.session.execute(
            db.select(ProvenanceLink).where(ProvenanceLink.contribution_id == idea.id)
        ).scalars()
    )


def _focal_problem(process_id: int) -> ProblemNode | None:
    return db.session.execute(
        db.select(ProblemNode)
        .where(ProblemNode.process_id == process_id, ProblemNode.kind == NodeKind.FOCAL)
        .order_by(ProblemNode.id)
        .limit(1)
    ).scalar_one_or_none()


def _refuse(code: str):
    raise RuleBroken(code)


def accept(workshop: Workshop, idea: Contribution, user, payload: dict) -> ProvenanceLink:
    """Create the artefact the facilitator chose from an idea, and link it to the session.

    ``payload``: ``target`` (swot, issue, cause, objective, option; defaults from the
    idea's column), ``quadrant`` (swot), ``parent_id`` (cause: the problem it causes;
    defaults to the focal problem), ``objective_id`` (option: required specific
    objective; objective: optional parent), ``text`` (optional edited wording).
    """
    if not isinstance(payload, dict):
        raise RuleBroken("malformed")
    if links_of(idea):
        raise RuleBroken("already_accepted")
    target = payload.get("target") or COLUMN_TARGET.get(idea.board_column)
    if target not in TARGETS:
        raise RuleBroken("unknown_target")
    text = rules.clean_text(payload.get("text") or idea.text, rules.MAX_COMMENT)
    pid = workshop.process_id
    if stage_lock.stage_is_locked(pid, TARGET_STAGE.get(target)):
        raise RuleBroken("stage_agreed")
    note = provenance_note(workshop, idea)
    try:
        if target == "comment":
            artefact = _draft_comment(pid, user, text, note, payload)
        else:
            artefact = _create(target, pid, text, idea, payload, note)
            db.session.add(artefact)
            db.session.flush()
    except ValidationFailed as failed:
        code = (
            "needs_objective"
            if "objective_id" in failed.errors
            else ("needs_draft" if "draft_id" in failed.errors else "not_in_process")
        )
        raise RuleBroken(code) from None
    link = ProvenanceLink(
        process_id=pid,
        workshop_id=workshop.id,
        contribution_id=idea.id,
        object_type=TARGETS[target][0],
        object_id=artefact.id,
        accepted_by_id=getattr(user, "id", None),
    )
    db.session.add(link)
    db.session.flush()
    return link


def provenance_note(workshop: Workshop, idea: Contribution) -> str:
    """The plain-text origin written into the artefact's evidence (or description), so
    every page that shows the artefact shows where it came from."""
    note = _(
        "Workshop “%(title)s”, %(date)s",
        title=workshop.title,
        date=format_date(workshop.session_date, "medium"),
    )
    if not idea.anonymous and idea.participant is not None and idea.participant.institution:
        note += " · " + _("raised by %(who)s", who=idea.participant.institution)
    return note


def _create(target: str, pid: int, text: str, idea: Contribution, payload: dict, note: str):
    if target == "swot":
        quadrant = payload.get("quadrant") or idea.board_column
        if quadrant not in {q.value for q in Quadrant}:
            _refuse("needs_quadrant")
        position = db.session.scalar(
            db.select(db.func.count(SwotItem.id)).where(
                SwotItem.process_id == pid, SwotItem.quadrant == quadrant
            )
        )
        return SwotItem(
            process_id=pid,
            quadrant=Quadrant(quadrant),
            statement=text,
            organisation_id=_organisation_of(idea),
            position=position + 1,
            evidence=note,
        )
    if target == "issue":
        return PolicyIssue(
            process_id=pid,
            title=text[:200],
            description=text if len(text) > 200 else "",
            raised_by_id=_organisation_of(idea),
            evidence=note,
        )
    if target == "cause":
        parent = in_process(
            ProblemNode, payload.get("parent_id"), pid, "parent_id", _("a problem")
        ) or _focal_problem(pid)
        return ProblemNode(
            process_id=pid,
            kind=NodeKind.CAUSE,
            text=text,
            parent_id=parent.id if parent else None,
            evidence=note,
        )
    if target == "objective":
        parent = in_process(
            Objective, payload.get("objective_id"), pid, "parent_id", _("an objective")
        )
        level = (
            ObjectiveLevel.SPECIFIC
            if parent is None or (parent.level == ObjectiveLevel.GENERAL)
            else ObjectiveLevel.OPERATIONAL
        )
        return Objective(
            process_id=pid,
            level=level,
            title=text,
            parent_id=parent.id if parent else None,
            description=note,
        )
    objective = in_process(
        Objective, payload.get("objective_id"), pid, "objective_id", _("an objective")
    )
    if objective is None or objective.level != ObjectiveLevel.SPECIFIC:
        raise ValidationFailed({"objective_id": _("Choose a specific objective.")})
    return PolicyOption(
        process_id=pid,
        objective_id=objective.id,
        title=text[:300],
        description=f"{text}\n\n{note}" if len(text) > 300 else note,
    )


def drafts_of(process_id: int) -> list:
    return list(drafting_services.drafts_of(process_id))


def _draft_comment(pid: int, user, text: str, note: str, payload: dict):
    """A comment on a draft through the drafting package's service, by the facilitator
    who accepted it, carrying the workshop it came from."""
    draft_id = payload.get("draft_id")
    draft = None
    if draft_id not in (None, ""):
        draft = drafting_services.get_draft(pid, rules.as_int(draft_id, lo=1, code="needs_draft"))
    if draft is None:
        raise ValidationFailed({"draft_id": _("Choose a draft of this process.")})
    return drafting_services.add_comment(
        pid, draft, user, f"{text}\n\n{note}", quote=str(payload.get("quote") or "")[:1000]
    )


def _organisation_of(idea: Contribution) -> int | None:
    if idea.anonymous or idea.participant is None:
        return None
    return idea.participant.organisation_id


def provenance_for(process_id: int, object_type: str, ids) -> dict[int, list[dict]]:
    """Which workshop ideas the given artefacts came from.

    ``object_type`` is the model class name (``SwotItem``, ``PolicyIssue``,
    ``ProblemNode``, ``Objective``, ``PolicyOption``). Returns
    ``{object_id: [{"workshop_id", "workshop_title", "session_date", "idea",
    "contribution_id"}]}`` for the ids that came from a session; scoped to the process.
    """
    ids = [int(i) for i in ids]
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(ProvenanceLink, Workshop, Contribution)
        .join(Workshop, Workshop.id == ProvenanceLink.workshop_id)
        .join(Contribution, Contribution.id == ProvenanceLink.contribution_id)
        .where(
            ProvenanceLink.process_id == process_id,
            ProvenanceLink.object_type == object_type,
            ProvenanceLink.object_id.in_(ids),
        )
        .order_by(ProvenanceLink.id)
    ).all()
    found: dict[int, list[dict]] = {}
    for link, workshop, idea in rows:
        found.setdefault(link.object_id, []).append(
            {
                "workshop_id": workshop.id,
                "workshop_title": workshop.title,
                "session_date": workshop.session_date,
                "idea": idea.text,
                "contribution_id": idea.id,
            }
        )
    return found


def accepted_ideas(workshop: Workshop) -> list[tuple[ProvenanceLink, Contribution]]:
    return list(
        db.session.execute(
            db.select(ProvenanceLink, Contribution)
            .join(Contribution, Contribution.id == ProvenanceLink.contribution_id)
            .where(ProvenanceLink.workshop_id == workshop.id)
            .order_by(ProvenanceLink.id)
        ).all()
    )


def target_label(object_type: str) -> str:
    for type_name, label in TARGETS.values():
        if type_name == object_type:
            return str(label)
    return object_type
