"""Plain-language messages for refused workshop input, by rule code."""

from __future__ import annotations

from flask_babel import gettext as _

from .rules import RuleBroken

_MESSAGES = {
    "malformed": lambda p: _("This message could not be understood. Reload the page."),
    "text_empty": lambda p: _("Write something first."),
    "text_too_long": lambda p: _("Keep it under %(limit)d characters (you wrote %(length)d).", **p),
    "name_empty": lambda p: _("Enter your name."),
    "name_too_long": lambda p: _("Keep the name under %(limit)d characters.", **p),
    "institution_too_long": lambda p: _("Keep the institution under %(limit)d characters.", **p),
    "comment_too_long": lambda p: _("Keep the comments under %(limit)d characters.", **p),
    "cluster_too_long": lambda p: _("Keep the cluster name under %(limit)d characters.", **p),
    "unknown_choice": lambda p: _("This choice is not part of the activity."),
    "too_many_dots": lambda p: _("You have only %(limit)d dots.", **p),
    "too_many_on_one": lambda p: _("Put at most %(limit)d dots on one choice.", **p),
    "duplicate_in_ranking": lambda p: _("Each choice can appear only once in your ranking."),
    "empty_ranking": lambda p: _("Put at least one choice in order."),
    "score_out_of_range": lambda p: _("Scores go from %(lo)d to %(hi)d.", **p),
    "rating_out_of_range": lambda p: _("Choose a rating from 1 to 5."),
    "merge_into_itself": lambda p: _("An idea cannot be merged into itself."),
    "already_merged": lambda p: _("This idea has already been merged."),
    "merge_target_not_visible": lambda p: _("Merge into an idea that is still on the board."),
    "rate_limited": lambda p: _("You are sending too fast. Wait a few seconds and try again."),
    "activity_closed": lambda p: _("This activity is closed. Your answer was not recorded."),
    "activity_not_open": lambda p: _("This activity has not been opened yet."),
    "wrong_activity": lambda p: _("This activity does not take this kind of answer."),
    "no_such_activity": lambda p: _("This activity is not part of this session."),
    "no_such_idea": lambda p: _("This idea is not part of this session."),
    "unknown_column": lambda p: _("Choose one of the columns of the board."),
    "too_many_joins": lambda p: _(
        "Too many people joined from this device or network in a short time. "
        "Ask the facilitator for help."
    ),
    "joining_locked": lambda p: _("The facilitator has closed joining for this session."),
    "session_closed": lambda p: _("This session has ended."),
    "not_allowed": lambda p: _("You are not allowed to do this in this session."),
    "no_choices": lambda p: _("There is nothing to choose from yet for this activity."),
    "needs_objective": lambda p: _("Choose the specific objective the option answers."),
    "needs_draft": lambda p: _("Choose the draft the comment is about."),
    "needs_quadrant": lambda p: _("Choose the SWOT quadrant."),
    "already_accepted": lambda p: _("This idea is already in the process."),
    "stage_agreed": lambda p: _(
        "That stage is agreed, so it is read-only: a coordinator or facilitator can reopen it."
    ),
    "not_in_process": lambda p: _("Choose an item from this process."),
    "unknown_target": lambda p: _("Choose where the idea goes in the process."),
    "unknown_join_address": lambda p: _(
        "This address is not one of this computer's. Choose one from the list."
    ),
    "timer_out_of_range": lambda p: _("Set the timer between 10 seconds and 2 hours."),
}


def message_for(error: RuleBroken) -> str:
    builder = _MESSAGES.get(error.code, _MESSAGES["malformed"])
    try:
        return builder(error.params)
    except (KeyError, TypeError, ValueError):
        return _MESSAGES["malformed"]({})
