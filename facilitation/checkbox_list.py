"""A list of checkboxes rendered in one pass (issue 18).

WTForms' ``ListWidget`` builds a sub-field per choice and renders its input and its label
through ``html_params`` and ``markupsafe`` formatting: ~0.5 ms a choice, so the TOWS form's
300 SWOT items were 85% of the page's CPU. ``QuickCheckboxList`` writes the same HTML,
byte for byte, straight from the choices WTForms computes (``iter_choices`` marks the
ticked ones), and hands anything unusual (attributes on the field or a choice, a required
or disabled flag, option groups, another option widget) back to ``ListWidget``.
"""

from __future__ import annotations

from markupsafe import Markup, escape
from wtforms.widgets import CheckboxInput, ListWidget, html_params


def _plain(field) -> bool:
    flags = field.flags
    return (
        type(field.option_widget) is CheckboxInput
        and not field.render_kw
        and not getattr(flags, "required", False)
        and not getattr(flags, "disabled", False)
        and not field.has_groups()
    )


class QuickCheckboxList(ListWidget):
    """``ListWidget(prefix_label=False)`` of ``CheckboxInput``s, without a sub-field each."""

    def __init__(self, html_tag: str = "ul"):
        super().__init__(html_tag=html_tag, prefix_label=False)

    def __call__(self, field, **kwargs) -> Markup:
        if not _plain(field):
            return super().__call__(field, **kwargs)
        choices = list(field.iter_choices())
        if any(choice.render_kw for choice in choices):
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        base, name = escape(field.id), escape(field.name)
        html = [f"<{self.html_tag} {html_params(**kwargs)}>"]
        for index, choice in enumerate(choices):
            # As WTForms writes them: attributes sorted (checked id name type value),
            # the label text falling back to the value.
            checked = "checked " if choice.selected else ""
            label = choice.label or choice.value
            html.append(
                f'<li><input {checked}id="{base}-{index}" name="{name}" type="checkbox" '
                f'value="{escape(str(choice.value))}"> '
                f'<label for="{base}-{index}">{escape(label)}</label></li>'
            )
        html.append(f"</{self.html_tag}>")
        return Markup("".join(html))
