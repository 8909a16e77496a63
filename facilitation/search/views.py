"""The results page: /p/<id>/search?q=…&kind=…&page=…, members only."""

from __future__ import annotations

import re

from flask import Blueprint, g, render_template, request, url_for
from markupsafe import Markup, escape

from ..access import process_access
from ..extensions import db
from ..paging import requested_page
from . import engine
from .kinds import BY_KEY, KINDS

bp = Blueprint("search", __name__, url_prefix="/p/<int:process_id>")
PER_PAGE = 20
_LINKS = {
    "issue": ("analysis.agenda_issue", "issue_id", None),
    "cause": ("analysis.analysis_node", "node_id", None),
    "objective": ("analysis.objectives_detail", "objective_id", None),
    "option": ("planning.options_objective", None, "option"),
    "instrument": ("planning.instruments_page", None, "instrument"),
    "action": ("planning.action_plan", None, "action"),
    "organisation": ("stakeholders.organisation", "org_id", None),
    "consultation": ("stakeholders.consultation", "consultation_id", None),
    "input": ("stakeholders.inputs", None, "input"),
    "draft": ("drafting.edit", "draft_id", None),
    "draft_text": ("drafting.edit", "draft_id", None),
}


def highlighted(snippet: str) -> Markup:
    """Escape the user's text first, then mark the matched words."""
    text = str(escape(snippet or ""))
    return Markup(text.replace(engine.START, "<mark>").replace(engine.STOP, "</mark>"))


def marked(text: str, terms: list[str]) -> Markup:
    """The live title, escaped piece by piece, with words starting with a term marked."""
    if not terms:
        return escape(text)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, terms)) + r")\w*", re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(str(escape(text[last : match.start()])))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def _link(process_id: int, kind: str, obj) -> str:
    endpoint, id_arg, anchor = _LINKS[kind]
    args = {"process_id": process_id}
    if id_arg:
        args[id_arg] = obj.id
    if kind == "option":
        args["objective_id"] = obj.objective_id
    if anchor:
        args["focus"] = obj.id
        args["_anchor"] = f"{anchor}-{obj.id}"
    return url_for(endpoint, **args)


def _model_for(table: str):
    for mapper in db.Model.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table:
            return mapper.class_
    raise LookupError(table)


def _results(process_id: int, hits, terms: list[str]) -> list[dict]:
    """The hits whose artefact still exists in this process, with its live title and link
    (a row deleted by a bulk statement is skipped rather than linked)."""
    wanted: dict[str, set[int]] = {}
    for hit in hits:
        wanted.setdefault(BY_KEY[hit.kind].table, set()).add(hit.object_id)
    found = {}
    for table, ids in wanted.items():
        model = _model_for(table)
        rows = db.session.scalars(
            db.select(model).where(model.id.in_(ids), model.process_id == process_id)
        )
        found.update({(table, row.id): row for row in rows})
    results = []
    for hit in hits:
        kind = BY_KEY[hit.kind]
        obj = found.get((kind.table, hit.object_id))
        if obj is None:
            continue
        title = getattr(obj, kind.title, "") or ""
        results.append(
            {
                "kind": kind,
                "title": title,
                "title_marked": marked(title, terms),
                "snippet": highlighted(hit.body_snippet) if hit.body_snippet else None,
                "url": _link(process_id, hit.kind, obj),
            }
        )
    return results


@bp.route("/search")
@process_access("read")
def search(process_id: int):
    query = (request.args.get("q") or "").strip()[:200]
    kind = request.args.get("kind") or None
    kinds = [kind] if kind in BY_KEY else None
    if kind == "draft":
        kinds = ["draft", "draft_text"]
    conn = db.session.connection()
    config = engine.config_for(g.process.language)
    counts, _ = engine.search(conn, process_id, query, limit=0, config=config)
    total = sum(counts.get(k, 0) for k in kinds) if kinds else sum(counts.values())
    page = requested_page(total, PER_PAGE)
    _, hits = engine.search(
        conn, process_id, query, kinds=kinds, limit=PER_PAGE, offset=page.offset, config=config
    )
    facets = [
        (k, counts.get(k.key, 0) + (counts.get("draft_text", 0) if k.key == "draft" else 0))
        for k in KINDS
    ]
    return render_template(
        "facilitation/search.html",
        query=query,
        kind=kind if kinds else None,
        results=_results(process_id, hits, engine.words(query)),
        page=page,
        facets=[(k, n) for k, n in facets if n],
        searched=bool(engine.words(query)),
    )
