"""Registry pages: the organisation tree, one organisation (focal points, assessments,
ties, figures), ties, import and export."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func

from facilitation import pending_uploads
from facilitation.access import may_see_contact_data, process_access
from facilitation.crafted_input import bounded_int
from facilitation.early_headers import sends_headers_early
from facilitation.extensions import db
from facilitation.jobs import services as jobs
from facilitation.models import CATEGORY_LABELS, Organisation
from facilitation.paging import matches_text, requested_page
from facilitation.scoped import get_in_process_or_404
from facilitation.validation import ValidationFailed

from .. import exporting, import_jobs, importing, network, registry, services
from ..forms import (
    AssessmentForm,
    ConfirmForm,
    FocalPointForm,
    ImportForm,
    OrganisationForm,
    TieForm,
)
from ..graph import METRICS
from ..models import TIE_LABELS, FocalPoint, Tie
from . import bp
from .common import choose_label, organisation_choices, status

EXPORTS = {
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
    "nodes_csv": ("text/csv", "nodes.csv"),
    "edges_csv": ("text/csv", "edges.csv"),
    "kumu": ("application/json", "kumu.json"),
}


@bp.route("/")
@process_access("read")
@sends_headers_early
def registry_page(process_id: int):
    category = request.args.get("category", "")
    words = request.args.get("q", "").strip()[:200]
    # Ordered and filtered from columns; only the page's organisations are loaded.
    rows = registry.tree_rows(process_id, with_text=bool(words))
    if category:
        rows = [(o, 0) for o, _depth in rows if str(o.category) == category]
    if words:
        rows = [
            (o, 0)
            for o, _depth in rows
            if matches_text(words, o.name, o.acronym, o.mandate, o.policy_tags)
        ]
    page = requested_page(len(rows))
    rows = page.slice(rows)
    ids = [row.id for row, _depth in rows]
    loaded = {
        o.id: o
        for o in db.session.execute(
            db.select(Organisation).where(
                Organisation.process_id == process_id, Organisation.id.in_(ids)
            )
        ).scalars()
    }
    rows = [(loaded[row.id], depth) for row, depth in rows if row.id in loaded]
    latest = registry.latest_assessments(process_id, ids)
    people = {
        p.organisation_id: p
        for p in db.session.execute(
            db.select(FocalPoint)
            .where(
                FocalPoint.process_id == process_id,
                FocalPoint.ended_on.is_(None),
                FocalPoint.organisation_id.in_(ids),
            )
            .order_by(FocalPoint.started_on)
        ).scalars()
    }
    return render_template(
        "stakeholders/registry.html",
        rows=rows,
        latest=latest,
        people=people,
        turnover=registry.turnover(process_id),
        category=category,
        categories=CATEGORY_LABELS,
        page=page,
        words=words,
    )


def _organisation_form(process_id: int, org: Organisation | None = None) -> OrganisationForm:
    form = OrganisationForm(obj=org)
    choices = [
        c
        for c in organisation_choices(process_id, _("— none (top level) —"))
        if org is None or c[0] != org.id
    ]
    form.parent_id.choices = choices
    if request.method == "GET" and org is not None:
        form.parent_id.data = org.parent_id or 0
    elif request.method == "GET":  # a new one starts from the process's defaults
        defaults = registry.organisation_defaults(g.process)
        form.category.data, form.level.data = defaults["category"], defaults["level"]
    return form


def _save_organisation(process_id: int, org: Organisation | None):
    form = _organisation_form(process_id, org)
    if form.validate_on_submit():
        try:
            org = registry.save_organisation(
                process_id,
                org,
                **{f: getattr(form, f).data for f in registry.ORG_FIELDS},
                parent_id=form.parent_id.data,
            )
        except ValidationFailed as failed:
            db.session.rollback()
            failed.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("Organisation saved."), "success")
            return redirect(url_for(".organisation", process_id=process_id, org_id=org.id))
    return render_template("stakeholders/organisation_form.html", form=form, org=org), status(form)


@bp.route("/organisations/new", methods=["GET", "POST"])
@process_access("write")
def new_organisation(process_id: int):
    return _save_organisation(process_id, None)


@bp.route("/organisations/<int:org_id>/edit", methods=["GET", "POST"])
@process_access("write")
def edit_organisation(process_id: int, org_id: int):
    return _save_organisation(process_id, get_in_process_or_404(Organisation, org_id, process_id))


@bp.route("/organisations/<int:org_id>/delete", methods=["POST"])
@process_access("write")
def delete_organisation(process_id: int, org_id: int):
    org = get_in_process_or_404(Organisation, org_id, process_id)
    if org.id == g.process.lead_organisation_id:
        flash(_("The lead institution cannot be removed."), "error")
        return redirect(url_for(".organisation", process_id=process_id, org_id=org.id))
    if ConfirmForm().validate_on_submit():
        roles = _raci_roles(process_id, org.id)
        registry.delete_organisation(org)
        db.session.commit()
        flash(_("Organisation removed; its departments moved up one level."), "success")
        if roles:
            flash(
                ngettext(
                    "Its role in %(num)d activity was removed with it; the readiness check "
                    "lists any activity left without a lead.",
                    "Its roles in %(num)d activities were removed with it; the readiness check "
                    "lists any activity left without a lead.",
                    len(roles),
                ),
                "warning",
            )
    return redirect(url_for(".registry_page", process_id=process_id))


def _organisation_page(
    process_id, org, person_form=None, assessment_form=None, tie_form=None, code=200
):
    people = registry.focal_points(org.id)
    if person_form is None:
        person_form = FocalPointForm()
    person_form.replaces.choices = [(0, _("— nobody (an additional focal point) —"))] + [
        (p.id, p.name) for p in people if p.current
    ]
    assessment_form = assessment_form or AssessmentForm()
    tie_form = tie_form or TieForm(source_id=org.id)
    choices = organisation_choices(process_id, choose_label())
    tie_form.source_id.choices = choices
    tie_form.target_id.choices = choices
    analysis = network.analysis(process_id)
    names = {
        o.id: o.name
        for o in db.session.execute(
            db.select(Organisation).where(Organisation.process_id == process_id)
        ).scalars()
    }
    consulted = [c for c in services.consulted_stakeholders(process_id) if c["id"] == org.id]
    return render_template(
        # Its RACI roles go with it: the removal confirmation names them.
        "stakeholders/organisation.html",
        org=org,
        people=people,
        assessments=registry.assessment_history(org.id),
        ties=registry.ties(process_id, org.id),
        names=names,
        metrics=[(m, analysis.metric(m.key).get(org.id, 0)) for m in METRICS],
        community=analysis.community_of.get(org.id),
        consulted=consulted[0] if consulted else None,
        person_form=person_form,
        assessment_form=assessment_form,
        tie_form=tie_form,
        confirm_form=ConfirmForm(),
        raci_roles=_raci_roles(process_id, org.id),
    ), code


def _raci_roles(process_id: int, org_id: int) -> list[str]:
    """The activities where the institution holds a RACI letter (planning's service)."""
    from policycycle.planning.services import organisation_roles

    return organisation_roles(process_id, org_id)


@bp.route("/organisations/<int:org_id>")
@process_access("read")
def organisation(process_id: int, org_id: int):
    return _organisation_page(process_id, get_in_process_or_404(Organisation, org_id, process_id))


@bp.route("/organisations/<int:org_id>/focal-points", methods=["POST"])
@process_access("write")
def add_focal_point(process_id: int, org_id: int):
    org = get_in_process_or_404(Organisation, org_id, process_id)
    form = FocalPointForm()
    form.replaces.choices = [(0, "")] + [(p.id, p.name) for p in registry.focal_points(org.id)]
    if form.validate_on_submit():
        replaces = (
            get_in_process_or_404(FocalPoint, form.replaces.data, process_id)
            if form.replaces.data
            else None
        )
        try:
            registry.add_focal_point(
                org,
                name=form.name.data,
                role=form.role.data,
                email=form.email.data,
                phone=form.phone.data,
                started_on=form.started_on.data,
                replaces=replaces,
                end_reason=form.end_reason.data,
            )
        except ValidationFailed as failed:
            db.session.rollback()
            failed.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("Focal point saved."), "success")
            return redirect(url_for(".organisation", process_id=process_id, org_id=org.id))
    return _organisation_page(process_id, org, person_form=form, code=400)


@bp.route("/organisations/<int:org_id>/assessments", methods=["POST"])
@process_access("write")
def add_assessment(process_id: int, org_id: int):
    org = get_in_process_or_404(Organisation, org_id, process_id)
    form = AssessmentForm()
    if form.validate_on_submit():
        try:
            registry.add_assessment(
                org,
                assessed_by=current_user,
                assessed_on=form.assessed_on.data,
                **{
                    k: getattr(form, k).data
                    for k in (
                        "power",
                        "interest",
                        "impact",
                        "position",
                        "legitimacy",
                        "urgency",
                        "current_engagement",
                        "target_engagement",
                        "note",
                    )
                },
            )
        except ValidationFailed as failed:
            db.session.rollback()
            failed.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("Assessment recorded."), "success")
            return redirect(url_for(".organisation", process_id=process_id, org_id=org.id))
    return _organisation_page(process_id, org, assessment_form=form, code=400)


def _tie_form(process_id: int) -> TieForm:
    form = TieForm()
    choices = organisation_choices(process_id, choose_label())
    form.source_id.choices = choices
    form.target_id.choices = choices
    return form


@bp.route("/ties", methods=["GET", "POST"])
@process_access("write", safe_need="read")
def ties(process_id: int):
    form = _tie_form(process_id)
    back = request.form.get("back_to_org", type=bounded_int)
    if form.validate_on_submit():
        try:
            registry.add_tie(
                process_id,
                source_id=form.source_id.data,
                target_id=form.target_id.data,
                type=form.type.data,
                mutual=form.mutual.data,
                strength=form.strength.data,
                note=form.note.data,
            )
        except ValidationFailed as failed:
            db.session.rollback()
            failed.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("Tie added."), "success")
            if back:
                return redirect(url_for(".organisation", process_id=process_id, org_id=back))
            return redirect(url_for(".ties", process_id=process_id))
    # A large network has thousands of ties: one page of 50, counted and cut in SQL.
    tie_type = request.args.get("type", "")
    query = db.select(Tie).where(Tie.process_id == process_id)
    if tie_type in {t.value for t in TIE_LABELS}:
        query = query.where(Tie.type == tie_type)
    else:
        tie_type = ""
    total = db.session.scalar(db.select(func.count()).select_from(query.subquery()))
    page = requested_page(total)
    rows = (
        db.session.execute(query.order_by(Tie.id.desc()).offset(page.offset).limit(page.per_page))
        .scalars()
        .all()
    )
    names = dict(organisation_choices(process_id))
    return render_template(
        "stakeholders/ties.html",
        rows=rows,
        page=page,
        tie_type=tie_type,
        tie_labels=TIE_LABELS,
        names=names,
        form=form,
        confirm_form=ConfirmForm(),
    ), status(form)


@bp.route("/ties/<int:tie_id>/delete", methods=["POST"])
@process_access("write")
def delete_tie(process_id: int, tie_id: int):
    tie = get_in_process_or_404(Tie, tie_id, process_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(tie)
        db.session.commit()
        flash(_("Tie removed."), "success")
    target = request.form.get("next", "")
    # Only a path of this site (no "//host" or scheme): never an open redirect.
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = url_for(".ties", process_id=process_id)
    return redirect(target)


@bp.route("/export/<fmt>")
@process_access("read")
def export(process_id: int, fmt: str):
    """Personal data (focal points) only when asked, and only for roles that may see it."""
    if fmt not in EXPORTS:
        abort(404)
    personal = request.args.get("personal") == "1"
    if personal and not may_see_contact_data():
        abort(403)
    nodes, ties_ = network.export_records(process_id, include_personal=personal)
    content = {
        "graphml": lambda: exporting.graphml(nodes, ties_),
        "gexf": lambda: exporting.gexf(nodes, ties_),
        "nodes_csv": lambda: exporting.nodes_csv(nodes),
        "edges_csv": lambda: exporting.edges_csv(ties_),
        "kumu": lambda: exporting.kumu_json(nodes, ties_),
    }[fmt]()
    mimetype, suffix = EXPORTS[fmt]
    return Response(
        content,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="stakeholders-{process_id}-{suffix}"'
        },
    )


#: What a stakeholder file waits for between step 1 and step 2 (pending_uploads).
IMPORT_PURPOSE = "stakeholder-import"


def _queue_import(process_id: int, pending: dict, data: bytes, mapping: dict):
    """The checked file imported by the worker (writing thousands of rows would hold the
    server); None, with the refusal flashed, past the user's job limit."""
    try:
        job = jobs.create(
            process_id,
            current_user,
            import_jobs.KIND,
            import_jobs.params(pending["kind"], pending["name"], data, mapping),
            need="write",
        )
    except ValidationFailed as refused:
        db.session.rollback()
        for message in refused.errors.values():
            flash(message, "error")
        return None
    db.session.commit()
    jobs.enqueue(job)
    return job


def _fields(kind: str) -> dict:
    return importing.ORGANISATION_FIELDS if kind == "organisations" else importing.TIE_FIELDS


@bp.route("/import", methods=["GET", "POST"])
@process_access("write")
def import_upload(process_id: int):
    """Step 1: upload. The file waits in the database for step 2 (mapping), which
    another server process may answer (docs/scaling.md)."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        try:
            header, rows = importing.read_table(upload.filename, data)
        except importing.UnreadableFile as exc:
            form.file.errors = [str(exc)]
        else:
            token = pending_uploads.keep(
                process_id,
                current_user.id,
                IMPORT_PURPOSE,
                upload.filename,
                data,
                {"kind": form.kind.data},
            )
            db.session.commit()
            session["stakeholder_import"] = token
            return redirect(url_for(".import_mapping", process_id=process_id))
    return render_template("stakeholders/import.html", form=form), status(form)


@bp.route("/import/columns", methods=["GET", "POST"])
@process_access("write")
def import_mapping(process_id: int):
    """Step 2: map columns, then import all rows or none, listing every bad row."""
    token = session.get("stakeholder_import")
    if not isinstance(token, str):  # none, or a file kept by an older version
        flash(_("Upload a file first."), "warning")
        return redirect(url_for(".import_upload", process_id=process_id))
    upload = pending_uploads.find(token, process_id, current_user.id, IMPORT_PURPOSE)
    if upload is None:
        session.pop("stakeholder_import", None)
        flash(_("The uploaded file has expired. Upload it again."), "warning")
        return redirect(url_for(".import_upload", process_id=process_id))
    pending = {"kind": upload.details.get("kind", "organisations"), "name": upload.filename}
    data = upload.data
    header, rows = importing.read_table(pending["name"], data)
    fields = _fields(pending["kind"])
    form = ConfirmForm()
    mapping = importing.guess_mapping(header, fields)
    errors, row_errors, code = {}, [], 200
    if form.validate_on_submit():
        mapping = {key: request.form.get(f"map-{key}", "") for key in fields}
        try:
            _parsed, row_errors = services.check_import(
                process_id, pending["kind"], pending["name"], data, mapping
            )
        except ValidationFailed as failed:
            errors, code = failed.errors, 400
        else:
            if row_errors:
                code = 400
            else:
                job = _queue_import(process_id, pending, data, mapping)
                if job is not None:
                    pending_uploads.discard(token)
                    db.session.commit()
                    session.pop("stakeholder_import", None)
                    return redirect(url_for("jobs.show", process_id=process_id, job_id=job.id))
    return render_template(
        "stakeholders/import_mapping.html",
        form=form,
        header=header,
        preview=rows[:5],
        total=len(rows),
        fields=fields,
        mapping=mapping,
        errors=errors,
        row_errors=row_errors,
        pending=pending,
        required=importing.REQUIRED[pending["kind"]],
    ), code
