"""The process workspace: create and edit a process, its dashboard, members and
invitations, milestones, stage agreement and the activity feed."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload
from werkzeug.routing import BuildError

from facilitation.sorting import collation_key

from . import live_access, money, services
from .access import login_only, process_access
from .crafted_input import bounded_int
from .early_headers import sends_headers_early
from .extensions import db
from .forms import (
    ConfirmForm,
    CreateProcessForm,
    InvitationForm,
    MembershipForm,
    MilestoneForm,
    ProcessForm,
    StageDecisionForm,
)
from .models import Invitation, Membership, Milestone, Organisation, Role
from .readable import snapshot_sentences
from .scoped import get_in_process, get_in_process_or_404
from .stages import STAGE_BY_KEY, STAGES, registry
from .validation import ValidationFailed

bp = Blueprint("processes", __name__)
ACTIVITY_PAGE = 50


def _flash_errors(form) -> None:
    for errors in form.errors.values():
        for message in errors:
            flash(message, "error")


def _status(form) -> int:
    return 400 if form.is_submitted() and form.errors else 200


def _language_choices():
    return list(current_app.config["LANGUAGES"].items())


def _currency_choices():
    return [("", _("— from the country —")), *money.currency_choices(get_locale() or "en")]


def _organisation_choices(process_id: int):
    orgs = db.session.execute(
        db.select(Organisation.id, Organisation.name).where(Organisation.process_id == process_id)
    ).all()
    orgs = sorted(orgs, key=lambda o: collation_key(o.name))
    return [(0, _("— none —"))] + [(o.id, o.name) for o in orgs]


def _valid_org(process_id: int, org_id: int | None) -> int | None:
    if not org_id:
        return None
    org = get_in_process(Organisation, org_id, process_id)
    if org is None:
        raise ValidationFailed({"organisation_id": _("Choose an institution of this process.")})
    return org.id


@bp.route("/")
@login_only
def index():
    return render_template("facilitation/index.html", rows=services.processes_of(current_user))


@bp.route("/processes/new", methods=["GET", "POST"])
@login_only
def create():
    form = CreateProcessForm()
    form.language.choices = _language_choices()
    form.currency.choices = _currency_choices()
    if form.validate_on_submit():
        process = services.create_process(
            current_user,
            title=form.title.data,
            country=form.country.data,
            currency=form.currency.data or "",
            policy_domain=form.policy_domain.data or "",
            language=form.language.data,
            lead_organisation=form.lead_organisation.data,
            mandate=form.mandate.data or "",
            mission=form.mission.data or "",
            role=Role(form.my_role.data),
        )
        db.session.commit()
        flash(_("The process is created. Invite the core group next."), "success")
        return redirect(url_for("processes.dashboard", process_id=process.id))
    return render_template("facilitation/process_form.html", form=form, creating=True), _status(
        form
    )


@bp.route("/p/<int:process_id>/")
@process_access("read")
@sends_headers_early
def dashboard(process_id: int):
    members = (
        db.session.execute(
            db.select(Membership)
            .where(Membership.process_id == process_id)
            .options(joinedload(Membership.user), joinedload(Membership.organisation))
            .order_by(Membership.role, Membership.id)  # ties in joining order, on every engine
        )
        .scalars()
        .all()
    )
    overview = services.stage_overview(process_id)
    current = services.current_stage(overview)
    return render_template(
        "facilitation/dashboard.html",
        overview=overview,
        current=current,
        next_step=services.next_step(process_id, current),
        open_breaks={
            item["stage"].key: services.stage_break_findings(process_id, item["stage"].key)
            for item in overview
            if item["status"] != "agreed"
        },
        mend_url=_mend_url,
        breaks_listed=BREAKS_LISTED,
        readiness=services.readiness_by_stage(process_id),
        readiness_endpoint="planning.readiness_page"
        if "planning.readiness_page" in current_app.view_functions
        else None,
        members=members,
        activity=services.recent_activity(process_id, limit=12),
        status_labels=services.STATUS_LABELS,
        decision_form=StageDecisionForm(),
        gate_items={s.key: registry().gate_items(process_id, s.key) for s in STAGES},
        milestone_form=MilestoneForm(),
        confirm_form=ConfirmForm(),
    )


# The agree form lists this many of a stage's open breaks and links to the readiness check
# for the rest: the large demo has hundreds, and listing them all (a link each) made the
# dashboard the slowest render beside a live workshop on the same server (issue 14).
BREAKS_LISTED = 10


def _mend_url(finding) -> str | None:
    """Where a readiness finding is mended (None if its page is not installed)."""
    values = {**finding.url_values, "process_id": g.process.id}
    anchor = values.pop("_anchor", None)
    try:
        url = url_for(finding.endpoint, **values)
    except BuildError:
        return None
    return f"{url}#{anchor}" if anchor else url


@bp.route("/p/<int:process_id>/settings", methods=["GET", "POST"])
@process_access("manage")
def settings(process_id: int):
    process = g.process
    form = ProcessForm(obj=process)
    form.language.choices = _language_choices()
    form.currency.choices = _currency_choices()
    if request.method == "GET":
        form.currency.data = money.currency_of(process)
    if request.method == "GET" and process.lead_organisation:
        form.lead_organisation.data = process.lead_organisation.name
    if form.validate_on_submit():
        services.update_process(
            process,
            title=form.title.data,
            country=form.country.data,
            currency=(form.currency.data or "").upper(),
            policy_domain=form.policy_domain.data or "",
            language=form.language.data,
            lead_organisation=form.lead_organisation.data,
            mandate=form.mandate.data or "",
            mission=form.mission.data or "",
        )
        db.session.commit()
        flash(_("The process is saved."), "success")
        return redirect(url_for("processes.dashboard", process_id=process_id))
    return render_template("facilitation/process_form.html", form=form, creating=False), _status(
        form
    )


@bp.route("/p/<int:process_id>/milestones", methods=["POST"])
@process_access("manage")
def add_milestone(process_id: int):
    form = MilestoneForm()
    if form.validate_on_submit():
        db.session.add(
            Milestone(
                process_id=process_id, title=form.title.data.strip(), due_date=form.due_date.data
            )
        )
        db.session.commit()
        flash(_("Milestone added."), "success")
    else:
        _flash_errors(form)
    return redirect(url_for("processes.dashboard", process_id=process_id) + "#milestones")


@bp.route("/p/<int:process_id>/milestones/<int:milestone_id>/toggle", methods=["POST"])
@process_access("manage")
def toggle_milestone(process_id: int, milestone_id: int):
    milestone = get_in_process_or_404(Milestone, milestone_id, process_id)
    if ConfirmForm().validate_on_submit():
        milestone.done = not milestone.done
        db.session.commit()
    return redirect(url_for("processes.dashboard", process_id=process_id) + "#milestones")


@bp.route("/p/<int:process_id>/milestones/<int:milestone_id>/delete", methods=["POST"])
@process_access("manage")
def delete_milestone(process_id: int, milestone_id: int):
    milestone = get_in_process_or_404(Milestone, milestone_id, process_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(milestone)
        db.session.commit()
        flash(_("Milestone removed."), "success")
    return redirect(url_for("processes.dashboard", process_id=process_id) + "#milestones")


def _members_page(
    process_id: int, invite_form=None, new_link: str | None = None, status: int = 200
):
    members = (
        db.session.execute(
            db.select(Membership)
            .where(Membership.process_id == process_id)
            .options(joinedload(Membership.user), joinedload(Membership.organisation))
        )
        .scalars()
        .all()
    )
    members.sort(key=lambda m: (list(Role).index(Role(m.role)), collation_key(m.user.name)))
    invitations = [
        i
        for i in db.session.execute(
            db.select(Invitation)
            .where(Invitation.process_id == process_id)
            .options(joinedload(Invitation.organisation))
            .order_by(Invitation.created_at.desc())
        ).scalars()
        if i.is_open
    ]
    org_choices = _organisation_choices(process_id)
    invite_form = invite_form or InvitationForm()
    invite_form.organisation_id.choices = org_choices
    member_forms = {}
    for m in members:
        form = MembershipForm(
            prefix=f"m{m.id}", role=m.role, organisation_id=m.organisation_id or 0
        )
        form.organisation_id.choices = org_choices
        member_forms[m.id] = form
    return render_template(
        "facilitation/members.html",
        members=members,
        invitations=invitations,
        invite_form=invite_form,
        member_forms=member_forms,
        new_link=new_link,
        confirm_form=ConfirmForm(),
    ), status


@bp.route("/p/<int:process_id>/members")
@process_access("read")
def members(process_id: int):
    return _members_page(process_id)


def _invited_institution(process_id: int, form) -> int | None:
    """The institution chosen in the list, or the one typed (created with the process
    defaults when the registry does not have it yet)."""
    typed = (form.new_organisation.data or "").strip()
    if typed and form.organisation_id.data:
        raise ValidationFailed(
            {
                "new_organisation": _(
                    "Choose an institution from the list or type a new one, not both."
                )
            }
        )
    if typed:
        return services.institution_named(g.process, typed).id
    return _valid_org(process_id, form.organisation_id.data)


@bp.route("/p/<int:process_id>/invitations", methods=["POST"])
@process_access("manage")
def invite(process_id: int):
    form = InvitationForm()
    form.organisation_id.choices = _organisation_choices(process_id)
    if form.validate_on_submit():
        try:
            org_id = _invited_institution(process_id, form)
            _invitation, token = services.create_invitation(
                g.process, current_user, form.email.data, Role(form.role.data), org_id
            )
        except ValidationFailed as failed:
            db.session.rollback()
            failed.apply_to_form(form)
        else:
            db.session.commit()
            link = url_for("auth.accept_invitation", token=token, _external=True)
            # Shown once: only the token's hash is stored.
            return _members_page(process_id, new_link=link)
    return _members_page(process_id, invite_form=form, status=400)


@bp.route("/p/<int:process_id>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@process_access("manage")
def revoke_invitation(process_id: int, invitation_id: int):
    invitation = get_in_process_or_404(Invitation, invitation_id, process_id)
    if ConfirmForm().validate_on_submit():
        invitation.revoked = True
        db.session.commit()
        flash(_("The invitation link no longer works."), "success")
    return redirect(url_for("processes.members", process_id=process_id))


@bp.route("/p/<int:process_id>/members/<int:membership_id>", methods=["POST"])
@process_access("manage")
def update_member(process_id: int, membership_id: int):
    membership = get_in_process_or_404(Membership, membership_id, process_id)
    form = MembershipForm(prefix=f"m{membership.id}")
    form.organisation_id.choices = _organisation_choices(process_id)
    if form.validate_on_submit():
        try:
            services.change_membership(
                membership, Role(form.role.data), _valid_org(process_id, form.organisation_id.data)
            )
        except ValidationFailed as failed:
            db.session.rollback()
            for message in failed.errors.values():
                flash(message, "error")
        else:
            db.session.commit()
            flash(_("Membership saved."), "success")
    else:
        _flash_errors(form)
    return redirect(url_for("processes.members", process_id=process_id))


@bp.route("/p/<int:process_id>/members/<int:membership_id>/remove", methods=["POST"])
@process_access("manage")
def remove_member(process_id: int, membership_id: int):
    membership = get_in_process_or_404(Membership, membership_id, process_id)
    if ConfirmForm().validate_on_submit():
        user_id = membership.user_id
        try:
            services.remove_membership(membership)
        except ValidationFailed as failed:
            db.session.rollback()
            for message in failed.errors.values():
                flash(message, "error")
        else:
            db.session.commit()
            live_access.end_membership(process_id, user_id)  # their open drafts and consoles
            flash(_("The member has been removed from the process."), "success")
    return redirect(url_for("processes.members", process_id=process_id))


@bp.route("/p/<int:process_id>/activity")
@process_access("read")
def activity(process_id: int):
    page = max(request.args.get("page", 1, type=bounded_int), 1)
    events = services.recent_activity(
        process_id, limit=ACTIVITY_PAGE + 1, offset=(page - 1) * ACTIVITY_PAGE
    )
    return render_template(
        "facilitation/activity.html",
        events=events[:ACTIVITY_PAGE],
        page=page,
        has_next=len(events) > ACTIVITY_PAGE,
    )


def _stage_or_404(stage: str):
    if stage not in STAGE_BY_KEY:
        abort(404)
    return STAGE_BY_KEY[stage]


@bp.route("/p/<int:process_id>/stages/<stage>/agree", methods=["POST"])
@process_access("manage")
def agree_stage(process_id: int, stage: str):
    _stage_or_404(stage)
    form = StageDecisionForm()
    if form.validate_on_submit():
        try:
            services.agree_stage(
                process_id,
                stage,
                current_user,
                form.note.data or "",
                accept_breaks=bool(form.confirm_breaks.data),
                decision_reference=form.decision_reference.data or "",
                decision_text=form.decision_text.data or "",
            )
        except ValidationFailed as failed:
            db.session.rollback()
            flash(" ".join(failed.errors.values()), "error")
            # Back to the stage's agreement form, open, with the breaks listed.
            return redirect(
                url_for("processes.dashboard", process_id=process_id, agree=stage)
                + f"#agree-{stage}"
            )
        else:
            db.session.commit()
            flash(_("Stage marked as agreed."), "success")
    else:
        _flash_errors(form)
    return redirect(url_for("processes.dashboard", process_id=process_id))


@bp.route("/p/<int:process_id>/stages/<stage>/reopen", methods=["POST"])
@process_access("manage")
def reopen_stage(process_id: int, stage: str):
    _stage_or_404(stage)
    form = StageDecisionForm()
    if form.validate_on_submit():
        try:
            services.reopen_stage(process_id, stage, current_user, form.note.data or "")
        except ValidationFailed as failed:
            db.session.rollback()
            flash(" ".join(failed.errors.values()), "error")
        else:
            db.session.commit()
            flash(
                _("Stage reopened. The earlier agreement stays in the activity record."), "success"
            )
            page = registry().stage_pages.get(stage)
            if request.form.get("back") == "stage" and page:  # reopened from the stage's page
                return redirect(url_for(page, process_id=process_id))
    return redirect(url_for("processes.dashboard", process_id=process_id))


@bp.route("/p/<int:process_id>/stages/<stage>/agreement")
@process_access("read")
def stage_agreement(process_id: int, stage: str):
    stage_def = _stage_or_404(stage)
    overview = {o["stage"].key: o for o in services.stage_overview(process_id)}[stage]
    return render_template(
        "facilitation/stage_agreement.html",
        stage=stage_def,
        item=overview,
        content=snapshot_sentences(overview["state"].snapshot if overview["state"] else None),
    )


def init_app(app) -> None:
    app.register_blueprint(bp)
