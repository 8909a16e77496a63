"""Pages for people in the room, who have no account.

The join pages are public (a code lookup). The participant pages are declared public
too, but each checks the participant token of THAT session, kept in a signed cookie
(and mirrored in the browser's storage so a lost cookie can be restored).
"""

from __future__ import annotations

import flask_babel
from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from facilitation.access import public
from facilitation.extensions import db
from facilitation.models import Process

from . import activities, live, roster, services
from .events import broadcast_participant
from .forms import CodeForm, EvaluationForm, JoinForm, PhoneLanguageForm, ResumeForm
from .messages import message_for
from .models import Participant, Workshop, WorkshopStatus
from .rules import RuleBroken

bp = Blueprint("workshop_public", __name__)
COOKIE_DAYS = 30
PHONE_LANGUAGES = ("en", "fr", "es", "pt")


@bp.before_request
def _room_language() -> None:
    """Phones follow the workshop's language (its process's), not the browser's, unless
    the participant picked another with the switch on the page."""
    code = (request.view_args or {}).get("code")
    workshop = services.workshop_by_code(code) if code else None
    chosen = session.get("phone_language")
    if chosen in PHONE_LANGUAGES:
        g.phone_language = chosen
    elif workshop is not None:
        process = db.session.get(Process, workshop.process_id)
        g.phone_language = process.language if process else None
    flask_babel.refresh()


@bp.route("/w/language", methods=["POST"])
@public
def choose_language():
    form = PhoneLanguageForm()
    if form.validate_on_submit():
        session["phone_language"] = form.language.data
    target = form.back.data if form.back.data.startswith("/w/") else url_for(".enter_code")
    return redirect(target)


@bp.app_context_processor
def _language_switch() -> dict:
    """The phone pages' language switch (a form, so the choice is CSRF-protected)."""

    def phone_language_form():
        form = PhoneLanguageForm(language=str(flask_babel.get_locale()), back=request.path)
        return form

    return {"phone_language_form": phone_language_form}


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="workshop-participant")


def cookie_name(workshop: Workshop) -> str:
    return f"workshop_{workshop.id}"


def _set_token(response, workshop: Workshop, token: str):
    response.set_cookie(
        cookie_name(workshop),
        _serializer().dumps({"w": workshop.id, "t": token}),
        max_age=COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


def token_from_cookie(workshop: Workshop) -> str | None:
    raw = request.cookies.get(cookie_name(workshop))
    if not raw:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("w") != workshop.id:
        return None
    return data.get("t")


def current_participant(workshop: Workshop) -> tuple[Participant | None, str | None]:
    token = token_from_cookie(workshop)
    participant = services.participant_by_token(workshop.id, token)
    return participant, (token if participant else None)


def _workshop_or_404(code: str) -> Workshop:
    workshop = services.workshop_by_code(code)
    if workshop is None:
        abort(404)
    return workshop


@bp.route("/w/", methods=["GET", "POST"])
@public
def enter_code():
    form = CodeForm()
    if form.validate_on_submit():
        workshop = services.workshop_by_code(form.code.data)
        if workshop is not None:
            return redirect(url_for(".join", code=workshop.code))
        form.code.errors.append(_("No session has this code. Check the code on the screen."))
    status = 400 if form.is_submitted() else 200
    return render_template("workshops/enter_code.html", form=form), status


@bp.route("/w/<code>", methods=["GET", "POST"])
@public
def join(code: str):
    workshop = _workshop_or_404(code)
    participant, _token = current_participant(workshop)
    if participant is not None:
        return redirect(url_for(".participate", code=workshop.code))
    form = JoinForm()
    refusal, limited = None, False
    if workshop.join_locked:
        refusal = message_for(RuleBroken("joining_locked"))
    elif workshop.status == WorkshopStatus.CLOSED:
        refusal = message_for(RuleBroken("session_closed"))
    resumed = services.participant_by_token(workshop.id, request.form.get("token"))
    if request.method == "POST" and resumed is not None:
        # This device already joined (its browser kept the token): the same person again.
        response = redirect(url_for(".participate", code=workshop.code))
        return _set_token(response, workshop, request.form["token"])
    if (
        refusal is None
        and form.validate_on_submit()
        and not roster.join_limiter().allow(request.remote_addr)
    ):
        refusal = message_for(RuleBroken("too_many_joins"))
        limited = True
    if refusal is None and form.validate_on_submit():
        try:
            participant, token = services.join(
                workshop,
                name=form.name.data,
                institution=form.institution.data or "",
                sex=form.sex.data,
                source=roster.join_source(),
            )
        except RuleBroken as broken:
            db.session.rollback()
            form.form_errors.append(message_for(broken))
        else:
            db.session.commit()
            broadcast_participant(participant)
            response = redirect(url_for(".participate", code=workshop.code))
            return _set_token(response, workshop, token)
    status = 400 if form.is_submitted() and (form.errors or refusal) else 200
    if refusal and request.method == "POST":
        status = 429 if limited else 403
    return render_template(
        "workshops/join.html",
        workshop=workshop,
        form=form,
        refusal=refusal,
        institutions=services.organisation_names(workshop.process_id),
        resume_form=ResumeForm(),
    ), status


@bp.route("/w/<code>/resume", methods=["POST"])
@public
def resume(code: str):
    """Restore a lost cookie from the token the browser kept (same session only)."""
    workshop = _workshop_or_404(code)
    form = ResumeForm()
    if form.validate_on_submit():
        token = form.token.data
        if services.participant_by_token(workshop.id, token) is not None:
            response = redirect(url_for(".participate", code=workshop.code))
            return _set_token(response, workshop, token)
    return redirect(url_for(".join", code=workshop.code, forget=1))


@bp.route("/w/<code>/me")
@public
def participate(code: str):
    workshop = _workshop_or_404(code)
    participant, token = current_participant(workshop)
    if participant is None:
        return redirect(url_for(".join", code=workshop.code))
    response = make_response(
        render_template(
            "workshops/participant.html",
            workshop=workshop,
            participant=participant,
            token=token,
            strings=live.client_strings(),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/w/<code>/evaluation", methods=["GET", "POST"])
@public
def evaluation(code: str):
    workshop = _workshop_or_404(code)
    participant, _token = current_participant(workshop)
    if participant is None:
        return redirect(url_for(".join", code=workshop.code))
    existing = activities.evaluation_of(participant)
    form = EvaluationForm(obj=existing)
    if request.method == "GET" and existing is not None:
        for name in ("relevance", "usefulness", "expertise", "organisation"):
            getattr(form, name).data = str(getattr(existing, name))
    refusal = None
    if activities.open_evaluation(workshop) is None:
        refusal = message_for(
            RuleBroken(
                "activity_closed"
                if any(i.kind == "evaluation" and i.state == "closed" for i in workshop.items)
                else "activity_not_open"
            )
        )
    sent = False
    if refusal is None and form.validate_on_submit():
        try:
            activities.submit_evaluation(
                participant,
                {
                    "relevance": form.relevance.data,
                    "usefulness": form.usefulness.data,
                    "expertise": form.expertise.data,
                    "organisation": form.organisation.data,
                    "comments": form.comments.data or "",
                },
            )
        except RuleBroken as broken:
            db.session.rollback()
            form.form_errors.append(message_for(broken))
        else:
            db.session.commit()
            sent = True
    status = 400 if form.is_submitted() and form.errors else 200
    if refusal and request.method == "POST":
        status = 409
    return render_template(
        "workshops/evaluation.html",
        workshop=workshop,
        form=form,
        refusal=refusal,
        sent=sent,
        participant=participant,
    ), status
