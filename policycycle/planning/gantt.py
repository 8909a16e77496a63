"""Gantt chart layout: where each bar and each time tick goes, in SVG user units.

Plain Python; the template draws the SVG from a ``GanttLayout`` and the Word export
(matplotlib) can use ``services.gantt_rows`` directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

LABEL_WIDTH = 300  # left column with code and title
CHART_WIDTH = 720
ROW_HEIGHT = 24
HEADER_HEIGHT = 44


@dataclass(frozen=True)
class GanttRow:
    code: str
    title: str
    start: date | None
    end: date | None
    status: str
    group: str = ""  # e.g. the specific objective's code
    depends_on: tuple[str, ...] = ()  # codes of the rows that must finish first


@dataclass(frozen=True)
class Bar:
    row: GanttRow
    y: float
    x: float | None  # None when the row has no dates
    width: float


@dataclass(frozen=True)
class Link:
    """A dependency arrow: from the end of the prerequisite's bar to the start of the
    dependent's bar (an elbow through ``mid_x``)."""

    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def mid_x(self) -> float:
        return max(self.x1 + 6, min(self.x2 - 6, (self.x1 + self.x2) / 2))


@dataclass(frozen=True)
class Tick:
    x: float
    day: date
    major: bool  # a year boundary


@dataclass(frozen=True)
class GanttLayout:
    start: date | None
    end: date | None
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    tick_unit: str  # "month" | "quarter" | "year"
    today_x: float | None
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    row_height: int = ROW_HEIGHT
    header_height: int = HEADER_HEIGHT
    links: tuple[Link, ...] = ()


def _month_starts(start: date, end: date, every: int) -> list[date]:
    months = []
    year, month = start.year, start.month
    # align to the unit: quarters start in Jan/Apr/Jul/Oct, years in January
    month -= (month - 1) % every
    current = date(year, month, 1)
    while current <= end:
        months.append(current)
        month += every
        year += (month - 1) // 12
        month = (month - 1) % 12 + 1
        current = date(year, month, 1)
    return months


def layout(rows: Sequence[GanttRow], today: date | None = None) -> GanttLayout:
    """Place one bar per row on a shared time axis.

    Rows without a start or an end still get a line (with no bar) so nothing is
    hidden; a row whose end is before its start is drawn as one day at its start.
    """
    dated = [r for r in rows if r.start and r.end]
    height = HEADER_HEIGHT + ROW_HEIGHT * max(len(rows), 1) + 8
    width = LABEL_WIDTH + CHART_WIDTH
    if not dated:
        bars = tuple(Bar(r, HEADER_HEIGHT + i * ROW_HEIGHT, None, 0) for i, r in enumerate(rows))
        return GanttLayout(None, None, bars, (), "month", None, width, height)

    first = min(r.start for r in dated)
    last = max(max(r.end, r.start) for r in dated)
    span_start = date(first.year, first.month, 1)
    span_end = last + timedelta(days=1)
    total_days = max((span_end - span_start).days, 1)
    scale = CHART_WIDTH / total_days

    def x_of(day: date) -> float:
        return LABEL_WIDTH + (day - span_start).days * scale

    bars = []
    for i, r in enumerate(rows):
        y = HEADER_HEIGHT + i * ROW_HEIGHT
        if r.start and r.end:
            end = max(r.end, r.start) + timedelta(days=1)
            bars.append(Bar(r, y, x_of(r.start), max((end - r.start).days * scale, 2.0)))
        else:
            bars.append(Bar(r, y, None, 0))

    months = total_days / 30.4
    unit, every = ("month", 1) if months <= 24 else ("quarter", 3) if months <= 72 else ("year", 12)
    ticks = tuple(
        Tick(x_of(d), d, d.month == 1) for d in _month_starts(span_start, span_end, every)
    )
    today_x = x_of(today) if today and span_start <= today <= span_end else None
    by_code = {b.row.code: b for b in bars if b.x is not None and b.row.code}
    middle = ROW_HEIGHT / 2
    links = tuple(
        Link(pre.x + pre.width, pre.y + middle, bar.x, bar.y + middle)
        for bar in bars
        if bar.x is not None
        for pre in (by_code.get(code) for code in bar.row.depends_on)
        if pre is not None
    )
    return GanttLayout(
        span_start, span_end, tuple(bars), ticks, unit, today_x, width, height, links=links
    )
