"""Action codes, RACI rule, mandate keyword check and Gantt layout (no database)."""

from datetime import date

from policycycle.planning import gantt
from policycycle.planning.rules import (
    ActionRow,
    ObjectiveRow,
    assign_codes,
    code_sort_key,
    mandate_mentions,
    raci_problems,
)


def test_codes_follow_levels_and_positions():
    objectives = [
        ObjectiveRow(1, "general", None),
        ObjectiveRow(20, "specific", 1, position=2),
        ObjectiveRow(10, "specific", 1, position=1),
        ObjectiveRow(11, "operational", 10, position=0),
        ObjectiveRow(12, "operational", 10, position=1),
        ObjectiveRow(21, "operational", 20),
        ObjectiveRow(30, "operational", None),  # outside the chain
    ]
    actions = [
        ActionRow(100, 12, position=1),
        ActionRow(101, 12, position=0),
        ActionRow(102, 11),
        ActionRow(103, 21),
        ActionRow(104, 20),  # directly under a specific objective
        ActionRow(105, 30),
    ]
    codes = assign_codes(objectives, actions)
    assert codes[("objective", 10)] == "SO1"
    assert codes[("objective", 20)] == "SO2"
    assert codes[("objective", 11)] == "Op1.1"
    assert codes[("objective", 12)] == "Op1.2"
    assert codes[("objective", 21)] == "Op2.1"
    assert codes[("action", 101)] == "A1.2.1"
    assert codes[("action", 100)] == "A1.2.2"
    assert codes[("action", 102)] == "A1.1.1"
    assert codes[("action", 103)] == "A2.1.1"
    assert codes[("action", 104)] == "A2.0.1"
    assert ("objective", 30) not in codes and ("action", 105) not in codes
    assert ("objective", 1) not in codes


def test_code_sort_key_is_numeric():
    assert sorted(["A1.10.1", "A1.2.3", "", "A1.2.10"], key=code_sort_key) == [
        "A1.2.3",
        "A1.2.10",
        "A1.10.1",
        "",
    ]


def test_raci_needs_exactly_one_accountable_and_a_responsible():
    assert raci_problems(["A", "R", "C", "I"]) == []
    assert raci_problems(["A", "R", "R"]) == []
    assert raci_problems(["R"]) == ["no_accountable"]
    assert raci_problems(["A", "A", "R"]) == ["several_accountable"]
    assert raci_problems(["A", "C"]) == ["no_responsible"]
    assert raci_problems([]) == ["no_accountable", "no_responsible"]
    assert raci_problems(["a", "r", ""]) == []
    assert "bad_letter" in raci_problems(["A", "R", "X"])


def test_mandate_keyword_check():
    mandate = "Issues work permits to foreign workers and inspects labour conditions."
    assert mandate_mentions("Labour migration", mandate, "") == (True, ["labour"])
    found, words = mandate_mentions("Migrant workers' rights", mandate, "")
    assert found and words == ["workers"]
    assert mandate_mentions("Diaspora engagement", mandate, "labour, employment") == (False, [])
    assert mandate_mentions("Diaspora", "", "Diaspora, remittances")[0] is True
    assert mandate_mentions("Política migratoria", "Gestión de la migración", "")[0] is True
    assert mandate_mentions("", mandate, "") == (None, [])
    assert mandate_mentions("the policy area", mandate, "") == (None, [])


def test_gantt_layout_places_bars_on_one_axis():
    rows = [
        gantt.GanttRow("A1.1.1", "Draft law", date(2027, 1, 1), date(2027, 6, 30), "planned"),
        gantt.GanttRow("A1.1.2", "Train staff", date(2027, 7, 1), date(2027, 12, 31), "ongoing"),
        gantt.GanttRow("A1.1.3", "No dates yet", None, None, "planned"),
    ]
    result = gantt.layout(rows, today=date(2027, 7, 1))
    first, second, undated = result.bars
    assert result.start == date(2027, 1, 1) and result.end == date(2028, 1, 1)
    assert first.x == gantt.LABEL_WIDTH
    assert second.x + second.width == gantt.LABEL_WIDTH + gantt.CHART_WIDTH
    assert abs(first.width - second.width) < gantt.CHART_WIDTH * 0.01
    assert second.x > first.x + first.width - 0.001
    assert undated.x is None
    assert result.tick_unit == "month" and len(result.ticks) == 13
    assert result.ticks[0].major and result.ticks[-1].major
    assert result.today_x == second.x
    assert second.y - first.y == gantt.ROW_HEIGHT


def test_gantt_uses_coarser_ticks_for_long_plans_and_survives_bad_dates():
    rows = [
        gantt.GanttRow("A", "Long", date(2026, 3, 15), date(2031, 12, 31), "planned"),
        gantt.GanttRow("B", "Backwards", date(2028, 5, 1), date(2028, 1, 1), "planned"),
    ]
    result = gantt.layout(rows)
    assert result.tick_unit == "quarter"
    assert all(t.day.month in (1, 4, 7, 10) for t in result.ticks)
    assert result.bars[1].width >= 2
    assert gantt.layout([]).bars == ()


def test_gantt_links_go_from_the_prerequisite_end_to_the_dependent_start():
    rows = [
        gantt.GanttRow("A1", "Law", date(2027, 1, 1), date(2027, 3, 31), "planned"),
        gantt.GanttRow(
            "A2",
            "Training",
            date(2027, 5, 1),
            date(2027, 8, 31),
            "planned",
            depends_on=("A1", "A9"),
        ),  # A9 is unknown: no arrow
    ]
    result = gantt.layout(rows)
    (link,) = result.links
    first, second = result.bars
    assert link.x1 == first.x + first.width and link.x2 == second.x
    assert link.y2 - link.y1 == gantt.ROW_HEIGHT
    assert link.x1 < link.mid_x < link.x2
