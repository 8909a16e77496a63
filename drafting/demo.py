"""Demo content: the group's draft national migration policy, several sections written."""

from __future__ import annotations

from pycrdt import Doc

from facilitation.extensions import db

from . import prosemirror
from .blocks import action_plan_block, objectives_block, swot_block
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


# title, status, drafting institution, drafting person, reviewer (demo keys)
SECTIONS = [
    ("Introduction and rationale", SectionStatus.AGREED, "interior", "coordinator", "member1"),
    ("Situation analysis", SectionStatus.IN_REVIEW, "stats", "member4", "member3"),
    ("Vision, goal and objectives", SectionStatus.DRAFTING, "interior", "member1", "coordinator"),
    ("Policy measures", SectionStatus.DRAFTING, "labour", "member3", "member2"),
    (
        "Institutional arrangements and coordination",
        SectionStatus.DRAFTING,
        "justice",
        "member5",
        "coordinator",
    ),
    ("Monitoring and evaluation", SectionStatus.DRAFTING, "stats", "member4", None),
]


def _content(process_id: int, title: str, comment_id: int) -> list[dict]:
    blocks = [
        _h(1, title),
        _h(2, SECTIONS[0][0]),
        _p(
            "Migration shapes the economy and society of the Republic of Kestria: ",
            {**R("one household in five receives remittances"), "comment": comment_id},
            ", and labour shortages in agriculture and "
            "construction are met in part by workers from neighbouring countries. This policy "
            "sets out how the Government will ",
            R("govern migration in a coherent way", bold=True),
            " across ministries, in line with the ",
            R("Global Compact for Migration", link="https://www.un.org/en/migration2022"),
            ".",
        ),
        _p(
            "It was drafted by the national core working group convened by the Ministry of "
            "Interior, with the ministries of labour, foreign affairs, health and education, "
            "the statistics office and civil society."
        ),
        _h(2, SECTIONS[1][0]),
        _p("The analysis of the situation rests on the following findings:"),
        _ul(
            "Emigration of young graduates has doubled since 2015.",
            "Data on returning migrants are collected by three bodies with different definitions.",
            "Recruitment agencies are licensed but rarely inspected.",
        ),
        _p("The strengths, weaknesses, opportunities and threats agreed by the group:"),
    ]
    swot = swot_block(process_id)
    if len(swot["rows"]) > 1:
        blocks.append(swot)
    blocks += [
        _h(2, SECTIONS[2][0]),
        _p(
            R("Vision: ", bold=True),
            "migration that is safe, orderly and regular, and that benefits migrants, their "
            "families and the development of Kestria.",
        ),
        {
            "type": "list",
            "ordered": True,
            "start": 1,
            "items": [
                [_p("Strengthen the evidence base on migration.")],
                [
                    _p("Protect the rights of Kestrian workers abroad."),
                    _ul(
                        "Pre-departure orientation for every registered worker.",
                        "Labour attachés in the three main destination countries.",
                    ),
                ],
                [_p("Support the sustainable return and reintegration of migrants.")],
            ],
        },
        _h(2, SECTIONS[3][0]),
        _p("Measures are listed in the action plan; this section explains the choices."),
        _h(2, SECTIONS[4][0]),
        _p(
            "A National Coordination Mechanism on Migration, chaired by the Ministry of "
            "Interior, meets every quarter."
        ),
        _h(2, SECTIONS[5][0]),
        _p(""),
    ]
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
    for position, (name, status, org, drafter, reviewer) in enumerate(SECTIONS):
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
    blocks = _content(process.id, title, comment.id)
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
    objectives = objectives_block(process.id)
    if len(objectives["rows"]) > 1:
        blocks.append(objectives)
    blocks.append(_h(2, titles[2]))
    actions = action_plan_block(process.id)
    if len(actions["rows"]) > 1:
        blocks.append(actions)
    blocks += [_h(2, titles[3]), _p("")]
    doc = Doc(client_id=SEED_CLIENT_ID)
    prosemirror.append_blocks(prosemirror.fragment_of(doc), blocks)
    db.session.add(DraftUpdate(process_id=process.id, draft_id=draft.id, data=doc.get_update()))
