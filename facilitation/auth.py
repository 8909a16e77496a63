"""Accounts: register, sign in and out, invitations, account settings, site administration."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from facilitation.sorting import sorted_by_name

from . import live_access, services, sessions
from .access import admin_only, login_only, public
from .extensions import db, login_manager
from .forms import AcceptInvitationForm, AccountForm, ConfirmForm, JoinForm, LoginForm, RegisterForm
from .models import User
from .ratelimit import RateLimiter, make_limiter
from .validation import ValidationFailed

bp = Blueprint("auth", __name__)
# Failed sign-ins per (address, e-mail): slows down password guessing on a shared network.
failed_logins = RateLimiter(limit=10, window=15 * 60)


def failed_logins_by_address() -> RateLimiter:
    """Failed sign-ins per address, whatever the e-mail: slows down trying one password
    on many accounts ("password spraying"). One per app, sized by LOGIN_FAILURES_PER_ADDRESS."""
    app = current_app._get_current_object()
    found = app.extensions.get("failed_logins_by_address")
    if found is None:
        limit, window = app.config.get("LOGIN_FAILURES_PER_ADDRESS", (30, 15 * 60))
        found = app.extensions["failed_logins_by_address"] = make_limiter(
            app, "login-address", limit, window
        )
    return found


@login_manager.user_loader
def load_user(session_key: str) -> User | None:
    return sessions.load(session_key)


def _safe_next(target: str | None) -> str:
    """Only follow local redirects after sign-in."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
        ):
            return target
    return url_for("processes.index")


@bp.route("/language", methods=["POST"])
@public
def choose_language():
    """The language switch in the header and on the sign-in page: a signed-in person's
    choice is kept on their account, a visitor's for the browser session."""
    choice = request.form.get("language", "")
    if choice in current_app.config["LANGUAGES"] or choice == "":
        if current_user.is_authenticated:
            current_user.locale = choice or None
            db.session.commit()
        else:
            session["language"] = choice
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("processes.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if request.method == "GET" and session.get("login_email"):
        form.email.data = session.pop("login_email")  # just registered
    if form.validate_on_submit():
        keys = (
            (failed_logins, (request.remote_addr, services.normalise_email(form.email.data))),
            (failed_logins_by_address(), request.remote_addr),
        )
        wait = max(limiter.retry_after(key) for limiter, key in keys)
        if wait > 0:
            form.password.errors = [
                _(
                    "Too many failed attempts. Wait %(minutes)d minutes and try again.",
                    minutes=int(wait // 60) + 1,
                )
            ]
            return render_template("facilitation/login.html", form=form), 429
        user = services.authenticate(form.email.data, form.password.data)
        if user:
            # A language picked on the sign-in page carries over to an account without one
            # (signing in must not switch the page back to the browser's language).
            visitor_language = session.get("language")
            if visitor_language and not user.locale:
                user.locale = visitor_language
                db.session.commit()
            sessions.sign_in(user, remember=form.remember.data)
            return redirect(_safe_next(form.next.data))
        for limiter, key in keys:
            limiter.allow(key)
        form.password.errors = [_("The e-mail address or the password is not right.")]
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("facilitation/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_only
def logout():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    chosen = current_user.locale  # the messages below are in it; so is the page they reach
    ended = sessions.sign_out(current_user)
    if ended is not None:
        live_access.end_sessions([ended])
    if chosen in current_app.config["LANGUAGES"]:
        session["language"] = chosen  # a visitor's choice, as the language switch keeps it
    flash(_("You are signed out."), "info")
    # Told by page.js: drafts written offline whose copies the server did not confirm at
    # sign-out stay in the browser (drafting/frontend/src/offline-copies.js). A hint only:
    # a malformed value is ignored, never a reason to refuse signing out.
    kept = request.form.get("offline_copies_kept", type=int)
    if kept is not None and 0 < kept <= 1000:
        flash(
            ngettext(
                "%(num)d draft written offline could not be sent to the server before you "
                "signed out. It stays in this browser: open it again while online, signed in, "
                "to send it.",
                "%(num)d drafts written offline could not be sent to the server before you "
                "signed out. They stay in this browser: open them again while online, signed "
                "in, to send them.",
                kept,
            ),
            "warning",
        )
    response = redirect(url_for("auth.login"))
    # Stage pages are kept by the browser to answer repeat loads with 304
    # (page_validators): they leave with the session, so the next person at a shared
    # computer cannot open them from the cache. Browsers honour it over HTTPS and on
    # localhost; the pages are revalidated with the server in any case.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.route("/register", methods=["GET", "POST"])
@public
def register():
    if current_user.is_authenticated:
        return redirect(url_for("processes.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            services.register(form.email.data, form.name.data, form.password.data)
        except ValidationFailed as failed:
            db.session.rollback()
            failed.apply_to_form(form)
        else:
            # The same answer whether the address was free or already had an account,
            # so this form does not tell strangers who has an account here.
            db.session.commit()
            session["login_email"] = services.normalise_email(form.email.data)
            flash(
                _(
                    "Registration received. Sign in with %(email)s and the password you "
                    "chose. If this address already had an account, use that account's "
                    "password.",
                    email=services.normalise_email(form.email.data),
                ),
                "success",
            )
            return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("facilitation/register.html", form=form), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    invitation = services.invitation_by_token(token)
    if invitation is None:
        return render_template("facilitation/invitation_invalid.html"), 404
    existing = services.find_user(invitation.email)
    signed_in_as_invitee = current_user.is_authenticated and current_user.email == invitation.email
    if current_user.is_authenticated and not signed_in_as_invitee:
        return render_template(
            "facilitation/invitation_other_account.html", invitation=invitation
        ), 403
    if existing and not signed_in_as_invitee:
        flash(_("Sign in with %(email)s to accept the invitation.", email=invitation.email), "info")
        return redirect(url_for("auth.login", next=request.path))
    form = JoinForm() if signed_in_as_invitee else AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = (
                current_user
                if signed_in_as_invitee
                else services.create_user(
                    invitation.email, form.name.data, form.password.data, is_admin=False
                )
            )
            services.accept_invitation(invitation, user)
        except ValidationFailed as failed:
            db.session.rollback()
            failed.apply_to_form(form)
        else:
            process_id = invitation.process_id
            db.session.commit()
            if not signed_in_as_invitee:
                sessions.sign_in(user)
            flash(_("You have joined the process."), "success")
            return redirect(url_for("processes.dashboard", process_id=process_id))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template(
        "facilitation/invitation.html",
        form=form,
        invitation=invitation,
        new_account=not signed_in_as_invitee,
    ), status


@bp.route("/account", methods=["GET", "POST"])
@login_only
def account():
    form = AccountForm(obj=current_user)
    form.locale.choices = [("", _("Follow the process's working language"))] + list(
        current_app.config["LANGUAGES"].items()
    )
    if request.method == "GET":
        form.locale.data = current_user.locale or ""
    if form.validate_on_submit():
        if form.new_password.data and not current_user.check_password(
            form.current_password.data or ""
        ):
            form.current_password.errors = [_("The current password is not right.")]
        else:
            current_user.name = form.name.data.strip()
            current_user.locale = form.locale.data or None
            ended = []
            if form.new_password.data:
                current_user.set_password(form.new_password.data)
                ended = sessions.end_all(current_user, keep=current_user.session_id)
            db.session.commit()
            live_access.end_sessions(ended)
            flash(_("Your account is saved."), "success")
            return redirect(url_for("auth.account"))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("facilitation/account.html", form=form), status


@bp.route("/admin/users")
@admin_only
def admin_users():
    users = sorted_by_name(db.session.execute(db.select(User)).scalars(), lambda u: u.name)
    return render_template(
        "facilitation/admin_users.html",
        users=users,
        open_sessions=sessions.open_counts(),
        form=ConfirmForm(),
    )


@bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
@admin_only
def admin_toggle_active(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
    else:
        user.active = not user.active
        if not user.active:  # signed out everywhere, live pages included
            sessions.end_all(user)
        db.session.commit()
        if not user.active:
            live_access.end_user(user.id)
        flash(_("Account updated."), "success")
    return redirect(url_for("auth.admin_users"))


@bp.route("/admin/users/<int:user_id>/sessions/end", methods=["POST"])
@admin_only
def admin_end_sessions(user_id: int):
    """Sign an account out on every device (a lost laptop, a shared password)."""
    user = db.session.get(User, user_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    keep = current_user.session_id if user.id == current_user.id else None
    ended = sessions.end_all(user, keep=keep)
    db.session.commit()
    live_access.end_sessions(ended)
    flash(
        ngettext(
            "%(num)d session of %(name)s ended.",
            "%(num)d sessions of %(name)s ended.",
            len(ended),
            name=user.name,
        ),
        "success",
    )
    return redirect(url_for("auth.admin_users"))


def init_app(app) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    app.register_blueprint(bp)
