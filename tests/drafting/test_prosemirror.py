"""The neutral tree: Yjs document -> tree -> Yjs document round trips."""

from pycrdt import Doc, XmlElement, XmlText

from drafting import prosemirror as pm

SAMPLE = [
    {"type": "heading", "level": 1, "runs": [pm.plain_run("National Migration Policy")]},
    {
        "type": "paragraph",
        "runs": [
            pm.plain_run("The policy is "),
            pm.plain_run("binding", bold=True),
            pm.plain_run(" on "),
            pm.plain_run("all", italic=True, underline=True),
            pm.plain_run("\n"),
            pm.plain_run("ministries", link="https://example.org/ministries"),
        ],
    },
    {
        "type": "list",
        "ordered": False,
        "start": 1,
        "items": [
            [{"type": "paragraph", "runs": [pm.plain_run("Labour migration")]}],
            [
                {"type": "paragraph", "runs": [pm.plain_run("Diaspora")]},
                {
                    "type": "list",
                    "ordered": True,
                    "start": 1,
                    "items": [[{"type": "paragraph", "runs": [pm.plain_run("Remittances")]}]],
                },
            ],
        ],
    },
    {
        "type": "table",
        "cycle_block": "swot",
        "rows": [
            [
                {
                    "header": True,
                    "colspan": 1,
                    "rowspan": 1,
                    "blocks": [{"type": "paragraph", "runs": [pm.plain_run("Strengths")]}],
                },
                {
                    "header": True,
                    "colspan": 1,
                    "rowspan": 1,
                    "blocks": [{"type": "paragraph", "runs": [pm.plain_run("Weaknesses")]}],
                },
            ],
            [
                {
                    "header": False,
                    "colspan": 2,
                    "rowspan": 1,
                    "blocks": [{"type": "paragraph", "runs": [pm.plain_run("Data")]}],
                }
            ],
        ],
    },
]


def test_round_trip_keeps_structure_and_marks():
    doc = Doc()
    pm.replace_all(doc, SAMPLE)
    assert pm.to_tree(doc)["blocks"] == SAMPLE
    # The same content survives the wire (what a client or a reload sees).
    other = Doc()
    other.apply_update(doc.get_update())
    assert pm.to_tree(other)["blocks"] == SAMPLE


def test_reads_what_tiptap_writes():
    doc = Doc()
    fragment = pm.fragment_of(doc)
    heading = fragment.children.append(XmlElement("heading", {"level": 2}))
    text = heading.children.append(XmlText())
    text.insert(0, "Objectives")
    para = fragment.children.append(XmlElement("paragraph"))
    run = para.children.append(XmlText())
    run.insert(0, "Plain ")
    run.insert(6, "bold", {"bold": {}})
    para.children.append(XmlElement("hardBreak"))
    tail = para.children.append(XmlText())
    tail.insert(0, "next line")
    blocks = pm.to_tree(doc)["blocks"]
    assert blocks[0] == {"type": "heading", "level": 2, "runs": [pm.plain_run("Objectives")]}
    assert [r["text"] for r in blocks[1]["runs"]] == ["Plain ", "bold", "\n", "next line"]
    assert blocks[1]["runs"][1]["bold"] is True


def test_cycle_block_is_found_and_replaced_in_place():
    doc = Doc()
    pm.replace_all(doc, SAMPLE)
    fragment = pm.fragment_of(doc)
    index = pm.find_cycle_block(fragment, "swot")
    assert index == 3
    new_table = dict(SAMPLE[3], rows=SAMPLE[3]["rows"][:1])
    with doc.transaction():
        del fragment.children[index]
        pm.insert_block(fragment, index, new_table)
    assert pm.to_tree(doc)["blocks"][3] == new_table
    assert pm.find_cycle_block(fragment, "options") is None


def test_plain_text():
    text = pm.plain_text(SAMPLE)
    assert "National Migration Policy" in text
    assert "- Labour migration" in text
    assert "Strengths | Weaknesses" in text
