"""Evidence links (claims citing sources or documents) and the documents list."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from facilitation.access import process_access
from facilitation.extensions import db
from facilitation.forms import ConfirmForm
from facilitation.scoped import get_in_process_or_404
from facilitation.validation import ValidationFailed

from . import links
from .forms import DocumentForm, LinkForm
from .models import EvidenceDocument
from .views import bp, status_for


def _claim_choices(claim_list) -> list[tuple[str, str]]:
    choices = [("", _("— choose a claim —"))]
    for claim in claim_list:
        text = claim.text if len(claim.text) <= 90 else claim.text[:89] + "…"
        choices.append((claim.key, f"{claim.group}: {text}"))
    return choices


def _links_page(process_id: int, link_form=None, document_form=None, status: int = 200):
    claim_list = links.claims(process_id)
    link_form = link_form or LinkForm(formdata=None)
    link_form.claim.choices = _claim_choices(claim_list)
    link_form.cited.choices = [("", _("— choose a source or document —"))] + links.cited_choices(
        process_id
    )
    if request.method == "GET" and request.args.get("claim"):
        link_form.claim.data = request.args["claim"]
    counted = [c for c in claim_list if c.counted]
    return render_template(
        "policycycle/evidence/links.html",
        claims=claim_list,
        unsupported=[c for c in counted if not c.supported],
        counted=counted,
        link_form=link_form,
        document_form=document_form or DocumentForm(formdata=None),
        documents=links.list_documents(process_id),
        confirm_form=ConfirmForm(),
    ), status


@bp.route("/links")
@process_access("read")
def links_page(process_id: int):
    return _links_page(process_id)


@bp.route("/links", methods=["POST"])
@process_access("write")
def add_link(process_id: int):
    form = LinkForm()
    if form.validate_on_submit():
        try:
            links.add_link(
                process_id, claim=form.claim.data, cited=form.cited.data, note=form.note.data
            )
        except ValidationFailed as exc:
            db.session.rollback()
            exc.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("The claim now cites its evidence."), "success")
            return redirect(
                url_for(".links_page", process_id=process_id)
                + f"#claim-{form.claim.data.replace(':', '-')}"
            )
    return _links_page(process_id, link_form=form, status=400)


@bp.route("/links/<int:link_id>/delete", methods=["POST"])
@process_access("write")
def delete_link(process_id: int, link_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            links.delete_link(process_id, link_id)
        except ValidationFailed:
            abort(404)
        db.session.commit()
        flash(_("The citation is removed."), "success")
    return redirect(url_for(".links_page", process_id=process_id))


def _document_or_404(process_id: int, document_id: int) -> EvidenceDocument:
    return get_in_process_or_404(EvidenceDocument, document_id, process_id)


@bp.route("/documents", methods=["POST"])
@process_access("write")
def add_document(process_id: int):
    form = DocumentForm()
    if form.validate_on_submit():
        try:
            links.save_document(process_id, form.data)
        except ValidationFailed as exc:
            db.session.rollback()
            exc.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("The document is added; claims can cite it now."), "success")
            return redirect(url_for(".links_page", process_id=process_id) + "#documents")
    return _links_page(process_id, document_form=form, status=400)


@bp.route("/documents/<int:document_id>/edit", methods=["GET", "POST"])
@process_access("write")
def edit_document(process_id: int, document_id: int):
    document = _document_or_404(process_id, document_id)
    form = DocumentForm(obj=document)
    if form.validate_on_submit():
        try:
            links.save_document(process_id, form.data, document)
        except ValidationFailed as exc:
            db.session.rollback()
            exc.apply_to_form(form)
        else:
            db.session.commit()
            flash(_("The document is saved."), "success")
            return redirect(url_for(".links_page", process_id=process_id) + "#documents")
    return render_template(
        "policycycle/evidence/document_form.html", form=form, document=document
    ), status_for(form)


@bp.route("/documents/<int:document_id>/delete", methods=["POST"])
@process_access("write")
def delete_document(process_id: int, document_id: int):
    document = _document_or_404(process_id, document_id)
    if ConfirmForm().validate_on_submit():
        links.delete_document(document)
        db.session.commit()
        flash(_("The document and its citations are removed."), "success")
    return redirect(url_for(".links_page", process_id=process_id) + "#documents")
