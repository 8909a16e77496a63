"""Access cases for the analysis stages (agenda, situation analysis, problem tree,
objectives)."""

from facilitation.extensions import db
from policycycle.analysis.models import ObjectiveAlignment, PriorityCriterion
from policycycle.models import (
    FrameworkItem,
    Gap,
    Indicator,
    IssueDriver,
    Objective,
    PolicyIssue,
    ProblemNode,
    SwotItem,
    TowsStrategy,
)
from tests.access import Case


def build(world):
    pid = world.process_id
    issue = PolicyIssue(process_id=pid, title="Irregular departures")
    crit = PriorityCriterion(process_id=pid, name="Urgency", weight=2)
    s1 = SwotItem(process_id=pid, quadrant="S", statement="Commitment")
    s2 = SwotItem(process_id=pid, quadrant="S", statement="Commitment (duplicate)")
    o1 = SwotItem(process_id=pid, quadrant="O", statement="Regional framework")
    fw = FrameworkItem(process_id=pid, kind="law", title="Aliens Act")
    focal = ProblemNode(process_id=pid, kind="focal", text="Migration is unmanaged")
    general = Objective(process_id=pid, level="general", title="Migration is managed")
    db.session.add_all([issue, crit, s1, s2, o1, fw, focal, general])
    db.session.flush()
    driver = IssueDriver(process_id=pid, issue_id=issue.id, kind="internal", description="Jobs")
    tows = TowsStrategy(process_id=pid, kind="SO", text="Use commitment", swot_items=[s1, o1])
    gap = Gap(
        process_id=pid,
        area="labour",
        statement="No licensing",
        rating="absent",
        framework_item_id=fw.id,
    )
    cause = ProblemNode(process_id=pid, kind="cause", text="Weak coordination", parent_id=focal.id)
    specific = Objective(
        process_id=pid, level="specific", title="Coordination works", parent_id=general.id
    )
    db.session.add_all([driver, tows, gap, cause, specific])
    db.session.flush()
    indicator = Indicator(process_id=pid, name="Meetings", objective_id=specific.id)
    plan = FrameworkItem(process_id=pid, kind="policy", title="Development plan")
    db.session.add_all([indicator, plan])
    db.session.flush()
    alignment = ObjectiveAlignment(
        process_id=pid, objective_id=general.id, framework_item_id=plan.id
    )
    db.session.add(alignment)
    db.session.flush()
    world.ids.update(plan=plan.id, alignment=alignment.id)
    world.ids.update(
        issue=issue.id,
        criterion=crit.id,
        driver=driver.id,
        swot=s1.id,
        swot_dup=s2.id,
        tows=tows.id,
        framework=fw.id,
        gap=gap.id,
        focal=focal.id,
        cause=cause.id,
        general=general.id,
        specific=specific.id,
        indicator=indicator.id,
    )


def _ids(**keys):
    return lambda w: {name: w.ids[key] for name, key in keys.items()}


ISSUE = _ids(issue_id="issue")
SWOT = _ids(item_id="swot")
TOWS = _ids(strategy_id="tows")
FRAMEWORK = _ids(item_id="framework")
GAP = _ids(gap_id="gap")
NODE = _ids(node_id="cause")
OBJECTIVE = _ids(objective_id="specific")
INDICATOR = _ids(objective_id="specific", indicator_id="indicator")

CASES = [
    # Agenda setting
    Case("analysis.agenda", "read"),
    Case("analysis.agenda", "write", "POST", data={"title": "Brain drain"}),
    Case("analysis.agenda_issue", "read", values=ISSUE),
    Case("analysis.agenda_issue", "write", "POST", values=ISSUE, data={"title": "Renamed"}),
    Case(
        "analysis.agenda_add_driver",
        "write",
        "POST",
        values=ISSUE,
        data={"kind": "external", "description": "Wage gap"},
    ),
    Case("analysis.agenda_delete_driver", "write", values=_ids(driver_id="driver")),
    Case("analysis.agenda_delete_driver", "write", "POST", values=_ids(driver_id="driver")),
    Case(
        "analysis.agenda_rate",
        "write",
        "POST",
        values=ISSUE,
        data=lambda w: {f"c{w.ids['criterion']}": "4"},
    ),
    Case("analysis.agenda_dots", "write", "POST", values=ISSUE, data={"dots": "2"}),
    Case(
        "analysis.agenda_decide",
        "write",
        "POST",
        values=ISSUE,
        data={"status": "on_agenda", "reason": "Urgent"},
    ),
    Case("analysis.agenda_delete_issue", "write", values=ISSUE),
    Case("analysis.agenda_delete_issue", "write", "POST", values=ISSUE),
    Case("analysis.agenda_criteria", "read"),
    Case("analysis.agenda_criteria", "write", "POST", data={"name": "Cost", "weight": "1"}),
    Case("analysis.agenda_delete_criterion", "write", values=_ids(criterion_id="criterion")),
    Case(
        "analysis.agenda_delete_criterion", "write", "POST", values=_ids(criterion_id="criterion")
    ),
    # SWOT and TOWS
    Case("analysis.analysis", "read"),
    Case("analysis.analysis", "write", "POST", data={"quadrant": "T", "statement": "Slowdown"}),
    Case("analysis.analysis_swot_item", "read", values=SWOT),
    Case(
        "analysis.analysis_swot_item",
        "write",
        "POST",
        values=SWOT,
        data={"quadrant": "S", "statement": "Strong commitment"},
    ),
    Case(
        "analysis.analysis_swot_merge",
        "write",
        "POST",
        values=SWOT,
        data=lambda w: {"duplicate_id": w.ids["swot_dup"]},
    ),
    Case("analysis.analysis_swot_delete", "write", values=SWOT),
    Case("analysis.analysis_swot_delete", "write", "POST", values=SWOT),
    Case("analysis.analysis_tows", "read"),
    Case("analysis.analysis_tows", "write", "POST", data={"kind": "WT", "text": "Committee"}),
    Case("analysis.analysis_tows_edit", "read", values=TOWS),
    Case(
        "analysis.analysis_tows_edit",
        "write",
        "POST",
        values=TOWS,
        data={"kind": "SO", "text": "Reworded"},
    ),
    Case("analysis.analysis_tows_delete", "write", values=TOWS),
    Case("analysis.analysis_tows_delete", "write", "POST", values=TOWS),
    Case("analysis.analysis_tows_option", "write", values=TOWS),
    Case(
        "analysis.analysis_tows_option",
        "write",
        "POST",
        values=TOWS,
        data=lambda w: {"objective_id": w.ids["specific"]},
    ),
    # Gap analysis
    Case("analysis.analysis_gaps", "read"),
    Case(
        "analysis.analysis_gaps",
        "write",
        "POST",
        data={"gap-area": "data", "gap-statement": "No sharing", "gap-rating": "absent"},
    ),
    Case(
        "analysis.analysis_framework_add",
        "write",
        "POST",
        data={"fw-kind": "policy", "fw-title": "Development plan"},
    ),
    Case("analysis.analysis_framework_item", "read", values=FRAMEWORK),
    Case(
        "analysis.analysis_framework_item",
        "write",
        "POST",
        values=FRAMEWORK,
        data={"fw-kind": "law", "fw-title": "Aliens and Immigration Act"},
    ),
    Case("analysis.analysis_framework_delete", "write", values=FRAMEWORK),
    Case("analysis.analysis_framework_delete", "write", "POST", values=FRAMEWORK),
    Case("analysis.analysis_gap", "read", values=GAP),
    Case(
        "analysis.analysis_gap",
        "write",
        "POST",
        values=GAP,
        data={"gap-area": "labour", "gap-statement": "No licence", "gap-rating": "partial"},
    ),
    Case("analysis.analysis_gap_delete", "write", values=GAP),
    Case("analysis.analysis_gap_delete", "write", "POST", values=GAP),
    Case("analysis.analysis_gap_cause", "write", values=GAP),
    Case(
        "analysis.analysis_gap_cause",
        "write",
        "POST",
        values=GAP,
        data=lambda w: {"parent_id": w.ids["focal"]},
    ),
    # Problem tree and statement
    Case("analysis.analysis_problem_tree", "read"),
    Case(
        "analysis.analysis_problem_tree",
        "write",
        "POST",
        data=lambda w: {"kind": "effect", "text": "Exploitation", "parent_id": w.ids["focal"]},
    ),
    Case("analysis.analysis_node", "read", values=NODE),
    Case(
        "analysis.analysis_node",
        "write",
        "POST",
        values=NODE,
        data=lambda w: {"kind": "cause", "text": "Mandates overlap", "parent_id": w.ids["focal"]},
    ),
    Case("analysis.analysis_node_delete", "write", values=NODE),
    Case("analysis.analysis_node_delete", "write", "POST", values=NODE),
    Case("analysis.analysis_statement", "read"),
    Case("analysis.analysis_statement", "write", "POST", data={"nature": "Unmanaged flows"}),
    # Objectives
    Case("analysis.objectives", "read"),
    Case(
        "analysis.objectives",
        "write",
        "POST",
        data=lambda w: {
            "level": "specific",
            "title": "Data are reliable",
            "parent_id": w.ids["general"],
        },
    ),
    Case("analysis.objectives_draft", "write", "POST"),
    Case("analysis.objectives_detail", "read", values=OBJECTIVE),
    Case(
        "analysis.objectives_detail",
        "write",
        "POST",
        values=OBJECTIVE,
        data=lambda w: {
            "level": "specific",
            "title": "Coordination is effective",
            "parent_id": w.ids["general"],
        },
    ),
    Case("analysis.objectives_smart", "write", "POST", values=OBJECTIVE, data={"specific_ok": "y"}),
    Case(
        "analysis.objectives_add_indicator",
        "write",
        "POST",
        values=OBJECTIVE,
        data={"name": "Committee meetings", "baseline_value": "0", "target_value": "4"},
    ),
    Case("analysis.objectives_indicator", "read", values=INDICATOR),
    Case(
        "analysis.objectives_indicator",
        "write",
        "POST",
        values=INDICATOR,
        data={"name": "Meetings held", "target_year": "2028"},
    ),
    Case("analysis.objectives_indicator_delete", "write", values=INDICATOR),
    Case("analysis.objectives_indicator_delete", "write", "POST", values=INDICATOR),
    Case(
        "analysis.objectives_align",
        "write",
        "POST",
        values=OBJECTIVE,
        data=lambda w: {"framework_item_id": w.ids["plan"], "note": "Pillar 3"},
    ),
    Case("analysis.objectives_unalign", "write", values=_ids(alignment_id="alignment")),
    Case("analysis.objectives_unalign", "write", "POST", values=_ids(alignment_id="alignment")),
    Case("analysis.objectives_delete", "write", values=OBJECTIVE),
    Case("analysis.objectives_delete", "write", "POST", values=OBJECTIVE),
]
