"""The outline a national policy draft starts from, in the process language.

A new policy draft is seeded once, on the server, with the chapters of a national
migration policy (docs/coediting.md trap 6): each chapter has a guidance paragraph that says
what to write, the cycle blocks that bring the group's results into it, and, where the
method has a standard text (guiding principles, international frameworks, monitoring
arrangements, glossary), a proposed text the group adapts.

Guidance paragraphs start with :data:`GUIDANCE_MARK` and are italic; the Word export
leaves them out, and the readiness page lists a chapter that holds nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .prosemirror import plain_run

#: The first character of a guidance paragraph ("what to write here"): language-neutral.
GUIDANCE_MARK = "\u270e"


@dataclass
class Chapter:
    key: str
    title: object
    guidance: object
    blocks: tuple[str, ...] = ()
    text: tuple = ()  # proposed paragraphs (str) or bullet lists (tuple of str)
    level: int = 1
    children: list[Chapter] = field(default_factory=list)


def _principles() -> tuple:
    return (
        _l("The policy is guided by the following principles:"),
        (
            _l(
                "Human rights: the rights of every migrant are respected whatever their "
                "status, with particular care for women, children and people in vulnerable "
                "situations."
            ),
            _l("Whole of government: ministries act together under one coordination mechanism."),
            _l("Whole of society: social partners, civil society and migrants take part."),
            _l("Evidence: decisions rest on reliable, comparable and timely data."),
            _l("Gender responsiveness: measures consider the needs of women and men."),
            _l("Development: migration contributes to the country's development plans."),
        ),
    )


def _frameworks() -> tuple:
    return (
        _l(
            "The policy contributes to the commitments the country has made at international "
            "and regional level:"
        ),
        (
            _l(
                "the Global Compact for Safe, Orderly and Regular Migration (2018) and its 23 "
                "objectives, in particular data (objective 1), fair recruitment and decent "
                "work (objective 6), remittances (objective 20) and return and reintegration "
                "(objective 21);"
            ),
            _l(
                "the 2030 Agenda for Sustainable Development, target 10.7 on orderly, safe, "
                "regular and responsible migration through well-managed migration policies;"
            ),
            _l(
                "the ILO conventions on migrant workers (Nos. 97 and 143), private employment "
                "agencies (No. 181) and domestic workers (No. 189), as ratified;"
            ),
            _l("the regional agreements on free movement and labour mobility in force."),
        ),
    )


def _monitoring() -> tuple:
    return (
        _l(
            "The lead institution collects progress on every activity each quarter and "
            "reports to the coordination mechanism; an annual progress report goes to the "
            "Government and is published."
        ),
        _l(
            "A mid-term review halfway through the action plan checks progress against the "
            "targets and revises the plan where needed; an independent final evaluation "
            "judges the policy's relevance, effectiveness, efficiency and sustainability and "
            "informs the next policy."
        ),
    )


def chapters() -> list[Chapter]:
    """The national-policy outline (titles are lazy strings: render inside the locale)."""
    return [
        Chapter(
            "summary",
            _l("Executive summary"),
            _l(
                "Two pages for decision-makers: the problem, the vision, the objectives, the "
                "chosen measures and their cost. The block below is built from the cycle."
            ),
            ("summary",),
        ),
        Chapter(
            "introduction",
            _l("Introduction"),
            _l("Why the country needs this policy now."),
            children=[
                Chapter(
                    "mandate",
                    _l("Mandate and legal basis"),
                    _l("Who mandated the policy, under which law or decision."),
                    ("mandate",),
                    level=2,
                ),
                Chapter(
                    "making",
                    _l("How this policy was made"),
                    _l("The agenda decision, the core group and the consultations."),
                    ("making",),
                    level=2,
                ),
            ],
        ),
        Chapter(
            "situation",
            _l("Situation analysis"),
            _l("The main facts and trends, with their sources, then the SWOT."),
            ("swot", "gaps"),
        ),
        Chapter(
            "problem",
            _l("Problem statement"),
            _l("The problem the policy addresses, its causes and the evidence behind them."),
            ("problem",),
        ),
        Chapter(
            "vision",
            _l("Vision and guiding principles"),
            _l("The long-term change the policy seeks and the principles it follows."),
            ("vision",),
            _principles(),
        ),
        Chapter(
            "alignment",
            _l("Alignment with international frameworks"),
            _l("Adapt the list to the instruments the country has ratified or endorsed."),
            (),
            _frameworks(),
        ),
        Chapter(
            "objectives",
            _l("Objectives and policy statements"),
            _l(
                "What the policy will achieve and, objective by objective, what the "
                "Government commits to do."
            ),
            ("objectives", "statements"),
        ),
        Chapter(
            "options",
            _l("Options appraisal"),
            _l("The options compared with the baseline and why the chosen ones were preferred."),
            ("options",),
        ),
        Chapter(
            "instruments",
            _l("Policy instruments"),
            _l("The laws, programmes, services and campaigns that carry the measures."),
            ("instruments",),
        ),
        Chapter(
            "arrangements",
            _l("Institutional and coordination arrangements"),
            _l("Who leads the implementation, how ministries coordinate and who is consulted."),
            ("arrangements",),
        ),
        Chapter(
            "financing",
            _l("Financing"),
            _l("The cost of the policy and how it is funded."),
            ("financing",),
        ),
        Chapter(
            "risks",
            _l("Risks and mitigation"),
            _l("What could prevent the policy from working and how it will be handled."),
            ("risks",),
        ),
        Chapter(
            "monitoring",
            _l("Monitoring and evaluation"),
            _l("The reporting cycle, the mid-term review and the final evaluation."),
            ("results",),
            _monitoring(),
        ),
        Chapter(
            "glossary",
            _l("Glossary"),
            _l("Terms as used in this policy."),
            (),
            (
                _l(
                    "Migrant: a person who moves away from their place of usual residence, "
                    "within a country or across a border, temporarily or permanently."
                ),
                _l("Labour migration: movement of persons for the purpose of employment."),
                _l("Return: the act or process of going back to the point of departure."),
                _l(
                    "Reintegration: the process that enables a returning person to take part "
                    "again in the social, economic and cultural life of the community."
                ),
                _l(
                    "Remittances: money or goods that migrants send to their families or "
                    "communities of origin."
                ),
                _l("Diaspora: people of the country's origin living abroad who keep ties with it."),
            ),
        ),
    ]


def flat() -> list[Chapter]:
    """Every chapter and sub-chapter in reading order."""
    out = []
    for chapter in chapters():
        out.append(chapter)
        out.extend(chapter.children)
    return out


def guidance_block(text: str) -> dict:
    return {"type": "paragraph", "runs": [plain_run(f"{GUIDANCE_MARK} {text}", italic=True)]}


def is_guidance(block: dict) -> bool:
    if block.get("type") != "paragraph":
        return False
    text = "".join(r.get("text", "") for r in block.get("runs", ())).lstrip()
    return text.startswith(GUIDANCE_MARK)


def _heading(level: int, text: str) -> dict:
    return {"type": "heading", "level": level, "runs": [plain_run(text)]}


def _text_blocks(text: tuple) -> list[dict]:
    blocks = []
    for item in text:
        if isinstance(item, tuple):
            blocks.append(
                {
                    "type": "list",
                    "ordered": False,
                    "start": 1,
                    "items": [[{"type": "paragraph", "runs": [plain_run(str(i))]}] for i in item],
                }
            )
        else:
            blocks.append({"type": "paragraph", "runs": [plain_run(str(item))]})
    return blocks


def seed_blocks(block_for) -> list[dict]:
    """The outline as blocks; ``block_for(kind)`` builds a cycle block (call inside the
    process's locale and app context)."""
    blocks: list[dict] = []
    for chapter in flat():
        blocks.append(_heading(chapter.level, str(chapter.title)))
        blocks.append(guidance_block(str(chapter.guidance)))
        blocks.extend(_text_blocks(chapter.text))
        for kind in chapter.blocks:
            blocks.append(block_for(kind))
    return blocks


def chapter_titles() -> list[str]:
    return [str(c.title) for c in flat()]
