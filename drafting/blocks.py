"""The group's artefacts as blocks of a draft: tables built from the current data.

Each block is a table marked ``cycleBlock=<kind>`` in the Yjs document, so "refresh"
finds it again and replaces it in place with today's data; the draft and the analysis
do not drift apart. What a block says is defined once, in
``drafting.export.cycle_content``; the policy document renders the same content from the
data of the day of export (see ``drafting.export.policy_body``).
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import force_locale
from flask_babel import gettext as _

from facilitation.extensions import db
from facilitation.models import Process

from .export import collect, cycle_content, policy_data
from .export.cycle_content import Bullets, Figure, Lead, Para, Table
from .prosemirror import plain_run


def _paragraph(text: str, bold: bool = False, italic: bool = False, label: str = "") -> dict:
    runs = []
    if label:
        runs.append(plain_run(f"{label}: " if text else label, bold=True))
    if text:
        runs.append(plain_run(text, bold=bold, italic=italic))
    return {"type": "paragraph", "runs": runs}


def _part_blocks(part) -> list[dict]:
    if isinstance(part, Para):
        return [_paragraph(part.text, italic=part.italic, label=part.label)]
    if isinstance(part, Lead):
        return [_paragraph(part.text, bold=True)]
    if isinstance(part, Bullets):
        items = [[_paragraph(i)] for i in part.items if i]
        return [{"type": "list", "ordered": False, "start": 1, "items": items}] if items else []
    if isinstance(part, Table):
        blocks = [_paragraph(part.caption, bold=True)] if part.caption else []
        lines = [" \u00b7 ".join(part.header)]
        lines += [
            " \u00b7 ".join(str(c).removeprefix("**").replace("\n", " ") for c in row if c)
            for row in part.rows
        ]
        items = [[_paragraph(line)] for line in lines if line]
        blocks.append({"type": "list", "ordered": False, "start": 1, "items": items})
        return blocks
    if isinstance(part, Figure):
        return [_paragraph(_("Figure in the Word document: %(c)s", c=part.caption), italic=True)]
    return []


def _cell(blocks: list[dict], header: bool = False) -> dict:
    return {"header": header, "colspan": 1, "rowspan": 1, "blocks": blocks}


def editor_table(kind: str, label: str, parts: list) -> dict:
    """One column: the block's name, then one row per part of its content."""
    rows = [[_cell([_paragraph(label)], header=True)]]
    for part in parts:
        blocks = _part_blocks(part)
        if blocks:
            rows.append([_cell(blocks)])
    if len(rows) == 1:
        rows.append(
            [
                _cell(
                    [
                        _paragraph(
                            _(
                                "Nothing to show yet: this block fills in when the group "
                                "records it in the cycle. Refresh it afterwards."
                            ),
                            italic=True,
                        )
                    ]
                )
            ]
        )
    return {"type": "table", "cycle_block": kind, "rows": rows}


def builder(process_id: int) -> Callable[[str], dict]:
    """A function kind -> block that reads the cycle once, for several blocks."""
    cache: dict = {}

    def build(kind: str) -> dict:
        if "data" not in cache:
            process = db.session.get(Process, process_id)
            cache["data"] = collect.cycle(process)
            cache["extras"] = policy_data.collect(process_id, cache["data"].code_map)
        label, content = cycle_content.CONTENT[kind]
        return editor_table(kind, str(label), content(cache["data"], cache["extras"]))

    return build


def block(process_id: int, kind: str) -> dict:
    process = db.session.get(Process, process_id)
    with force_locale(process.language or "en"):
        return builder(process_id)(kind)


def _entry(kind: str):
    return (cycle_content.CONTENT[kind][0], lambda process_id: block(process_id, kind))


BLOCKS: dict[str, tuple[object, Callable[[int], dict]]] = {
    kind: _entry(kind) for kind in cycle_content.CONTENT
}
