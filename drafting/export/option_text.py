"""How the options and the multi-criteria analysis are put in words, as on the screens:
the baseline is the reference, not a candidate; the sensitivity check names the
variations that change the first place (``policycycle.planning.mca``)."""

from __future__ import annotations

from flask_babel import gettext as _

from policycycle.models import OptionStatus


def _variation(variation, criteria: dict, names: dict) -> str:
    criterion = criteria.get(variation.criterion, "")
    first = ", ".join(names.get(o, "") for o in variation.top)
    if variation.kind == "drop":
        return _("leaving out “%(c)s” puts %(o)s first", c=criterion, o=first)
    if variation.kind == "up":
        return _("raising the weight of “%(c)s” by 20%% puts %(o)s first", c=criterion, o=first)
    return _("lowering the weight of “%(c)s” by 20%% puts %(o)s first", c=criterion, o=first)


def sensitivity_sentence(table) -> str:
    """The sensitivity check in words, naming the variations that change the first place."""
    result = table.result
    changes = list(result.sensitivity.changes)
    if not changes:
        return _(
            "Sensitivity: the first-ranked option stays first when any weight moves by 20% or "
            "any criterion is left out."
        )
    criteria = {cid: name for cid, name, _w in table.criteria}
    names = {oid: title for oid, title, _b, _s in table.options}
    named = "; ".join(_variation(v, criteria, names) for v in changes[:3])
    more = len(changes) - 3
    text = _("Sensitivity: the ranking is not robust: %(changes)s", changes=named)
    if more > 0:
        text += " " + _("(and %(n)d other variations)", n=more)
    return text + "."


def option_status(option) -> str:
    """The status shown on the options screen; the baseline is the reference, not a
    candidate "under consideration"."""
    if option.is_baseline and option.status != OptionStatus.PREFERRED:
        return _("Baseline (reference)")
    label = getattr(option.status, "label", str(option.status))
    return label + (f" ({_('baseline')})" if option.is_baseline else "")
