"""Demo content: the group's draft national migration policy, several sections written."""

from __future__ import annotations

from flask_babel import force_locale
from pycrdt import Doc

from facilitation.extensions import db

from . import outline, prosemirror, rooms
from .blocks import block as cycle_block
from .crdt import SEED_CLIENT_ID
from .models import Draft, DraftComment, DraftKind, DraftSection, DraftUpdate, SectionStatus

R = prosemirror.plain_run


def _p(*runs) -> dict:
    return {"type": "paragraph", "runs": [R(r) if isinstance(r, str) else r for r in runs]}


def _h(level: int, text: str) -> dict:
    return {"type": "heading", "level": level, "runs": [R(text)]}


def _ul(*lines: str) -> dict:
    return {
        "type": "list",
        "ordered": False,
        "start": 1,
        "items": [[_p(line)] for line in lines],
    }


# chapter key -> status, drafting institution, drafting person, reviewer (demo keys)
ASSIGNMENTS = {
    "summary": (SectionStatus.DRAFTING, "interior", "coordinator", "member1"),
    "introduction": (SectionStatus.AGREED, "interior", "coordinator", "member1"),
    "situation": (SectionStatus.IN_REVIEW, "stats", "member4", "member3"),
    "vision": (SectionStatus.DRAFTING, "interior", "member1", "coordinator"),
    "objectives": (SectionStatus.DRAFTING, "labour", "member3", "member2"),
    "arrangements": (SectionStatus.DRAFTING, "justice", "member5", "coordinator"),
    "monitoring": (SectionStatus.DRAFTING, "stats", "member4", None),
}


def _written(comment_id: int) -> dict[str, list[dict]]:
    """What the demo group has written, by chapter key (it replaces the guidance)."""
    return {
        "introduction": [
            _p(
                "Migration shapes the economy and society of the Republic of Kestria: ",
                {**R("one household in five receives remittances"), "comment": comment_id},
                ", and labour shortages in agriculture and "
                "construction are met in part by workers from neighbouring countries. This "
                "policy sets out how the Government will ",
                R("govern migration in a coherent way", bold=True),
                " across ministries, in line with the ",
                R("Global Compact for Migration", link="https://www.un.org/en/migration2022"),
                ".",
            ),
        ],
        "situation": [
            _p("The analysis of the situation rests on the following findings:"),
            _ul(
                "Emigration of young graduates has doubled since 2015.",
                "Data on returning migrants are collected by three bodies with different "
                "definitions.",
                "Recruitment agencies are licensed but rarely inspected.",
            ),
            _p("The strengths, weaknesses, opportunities and threats agreed by the group:"),
        ],
        "arrangements": [
            _p(
                "A National Coordination Mechanism on Migration, chaired by the Ministry of "
                "Interior, meets every quarter. Its technical secretariat in the Ministry of "
                "Interior follows the action plan and prepares the annual progress report."
            ),
        ],
    }


def _content(process_id: int, comment_id: int) -> list[dict]:
    """The national outline with the demo group's writing in three chapters."""
    keys = {str(c.title): c.key for c in outline.flat()}
    written = _written(comment_id)
    blocks, skip_guidance = [], False
    for block in rooms.policy_seed(process_id):
        if skip_guidance and outline.is_guidance(block):
            skip_guidance = False
            continue
        blocks.append(block)
        if block["type"] == "heading":
            key = keys.get("".join(r["text"] for r in block["runs"]))
            if key in written:
                blocks.extend(written[key])
                skip_guidance = True
    return blocks


def load_demo(process, context=None) -> None:
    """Create the policy draft of the demo process, its outline, content and a comment."""
    title = f"{process.title} (draft)"[:200]
    orgs = getattr(context, "orgs", {}) or {}
    users = getattr(context, "users", {}) or {}

    def user_id(key):
        return users[key].id if key in users else None

    draft = Draft(process_id=process.id, title=title, kind=DraftKind.POLICY)
    db.session.add(draft)
    with force_locale(process.language or "en"):
        chapters = [(c.key, str(c.title)) for c in outline.flat()]
    for position, (key, name) in enumerate(chapters):
        status, org, drafter, reviewer = ASSIGNMENTS.get(
            key, (SectionStatus.DRAFTING, None, None, None)
        )
        draft.sections.append(
            DraftSection(
                process_id=process.id,
                title=name,
                position=position,
                status=status,
                organisation_id=orgs[org].id if org in orgs else None,
                drafter_id=user_id(drafter),
                reviewer_id=user_id(reviewer),
            )
        )
    _action_plan_draft(process)
    db.session.add(
        Draft(
            process_id=process.id,
            title="Terms of reference of the core working group",
            kind=DraftKind.TERMS_OF_REFERENCE,
            sections=[
                DraftSection(process_id=process.id, title=t, position=i)
                for i, t in enumerate(("Mandate", "Membership", "Working methods"))
            ],
        )
    )
    db.session.flush()
    comment = DraftComment(
        process_id=process.id,
        draft_id=draft.id,
        body="Which source gives the share of households receiving remittances?",
        author_id=user_id("member4"),
        quote="one household in five receives remittances",
    )
    db.session.add(comment)
    db.session.flush()
    doc = Doc(client_id=SEED_CLIENT_ID)
    blocks = _content(process.id, comment.id)
    prosemirror.append_blocks(prosemirror.fragment_of(doc), blocks)
    db.session.add(DraftUpdate(process_id=process.id, draft_id=draft.id, data=doc.get_update()))
    db.session.flush()


def _action_plan_draft(process) -> None:
    """The narrative of the action plan, with the objectives and actions as cycle blocks."""
    titles = ("Purpose of the action plan", "Objectives and indicators", "Actions", "Financing")
    draft = Draft(
        process_id=process.id,
        title="Action plan 2027–2031: narrative",
        kind=DraftKind.ACTION_PLAN,
        sections=[
            DraftSection(process_id=process.id, title=t, position=i) for i, t in enumerate(titles)
        ],
    )
    db.session.add(draft)
    db.session.flush()
    blocks = [
        _h(1, draft.title),
        _h(2, titles[0]),
        _p(
            "The action plan turns the policy's objectives into activities with a lead "
            "institution, a period, a cost and indicators that the coordination mechanism "
            "follows every quarter."
        ),
        _h(2, titles[1]),
    ]
    blocks.append(cycle_block(process.id, "objectives"))
    blocks.append(_h(2, titles[2]))
    blocks.append(cycle_block(process.id, "action_plan"))
    blocks += [_h(2, titles[3]), _p("")]
    doc = Doc(client_id=SEED_CLIENT_ID)
    prosemirror.append_blocks(prosemirror.fragment_of(doc), blocks)
    db.session.add(DraftUpdate(process_id=process.id, draft_id=draft.id, data=doc.get_update()))
