"""Domain validation shared by every package: field-level messages, nothing half-saved."""

from __future__ import annotations

from flask_babel import gettext as _

from .scoped import get_in_process


class ValidationFailed(Exception):
    """A service refuses a change. ``errors`` maps form field names to plain messages.

    Views copy them onto the form (``apply_to_form``); socket handlers send them back.
    The request rolls back, so nothing is half-saved.
    """

    def __init__(self, errors: dict[str, str] | str):
        if isinstance(errors, str):
            errors = {"": errors}
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in errors.items()))
        self.errors = errors

    def apply_to_form(self, form) -> None:
        for name, message in self.errors.items():
            field = getattr(form, name, None) if name else None
            if field is not None:
                field.errors = [*list(field.errors or []), message]
            else:
                form.form_errors.append(message)


def in_process(model, object_id, process_id: int, field: str, what: str | None = None):
    """Load ``model`` by id only if it belongs to the process; refuse it otherwise.

    The one guard against links to another process's objects.
    """
    if object_id in (None, "", 0):
        return None
    obj = get_in_process(model, int(object_id), process_id)
    if obj is None:
        raise ValidationFailed(
            {field: _("Choose %(what)s from this process.", what=what or _("an item"))}
        )
    return obj
