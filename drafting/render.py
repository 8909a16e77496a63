"""The neutral tree as HTML for read-only pages (versions, comparisons).

Built with escaping from the tree, then passed through nh3 with a short allow-list, so
nothing typed into a draft can run in a reader's browser.
"""

from __future__ import annotations

import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "strong",
    "em",
    "u",
    "s",
    "code",
    "a",
    "ul",
    "ol",
    "li",
    "table",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "pre",
    "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
}


def _runs(runs: list[dict]) -> str:
    out = []
    for run in runs:
        if run["text"] == "\n":
            out.append("<br>")
            continue
        html = str(escape(run["text"]))
        for mark, tag in (
            ("code", "code"),
            ("strike", "s"),
            ("underline", "u"),
            ("italic", "em"),
            ("bold", "strong"),
        ):
            if run.get(mark):
                html = f"<{tag}>{html}</{tag}>"
        if run.get("link"):
            html = f'<a href="{escape(run["link"])}">{html}</a>'
        out.append(html)
    return "".join(out)


def _blocks(blocks: list[dict]) -> str:
    out = []
    for block in blocks:
        kind = block["type"]
        if kind == "heading":
            level = min(max(int(block.get("level", 1)), 1), 6)
            out.append(f"<h{level}>{_runs(block['runs'])}</h{level}>")
        elif kind == "paragraph":
            out.append(f"<p>{_runs(block['runs'])}</p>")
        elif kind == "list":
            tag = "ol" if block.get("ordered") else "ul"
            items = "".join(f"<li>{_blocks(item)}</li>" for item in block["items"])
            out.append(f"<{tag}>{items}</{tag}>")
        elif kind == "table":
            rows = []
            for row in block["rows"]:
                cells = []
                for cell in row:
                    tag = "th" if cell.get("header") else "td"
                    span = (
                        f' colspan="{int(cell.get("colspan", 1))}"'
                        if cell.get("colspan", 1) > 1
                        else ""
                    )
                    cells.append(f"<{tag}{span}>{_blocks(cell['blocks'])}</{tag}>")
                rows.append(f"<tr>{''.join(cells)}</tr>")
            out.append(f"<table><tbody>{''.join(rows)}</tbody></table>")
        elif kind == "quote":
            out.append(f"<blockquote>{_blocks(block['blocks'])}</blockquote>")
        elif kind == "code":
            out.append(f"<pre>{escape(block['text'])}</pre>")
        elif kind == "rule":
            out.append("<hr>")
    return "".join(out)


def tree_html(tree: dict) -> Markup:
    html = nh3.clean(
        _blocks(tree["blocks"]),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(html)  # noqa: S704 - sanitised by nh3 just above
