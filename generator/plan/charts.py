"""Impact charts: each measure's baseline and latest figures as a small inline SVG bar chart.

No JavaScript: the geometry is computed here and drawn by `templates/chart.html`, which the
core renders with autoescaping Jinja. Each chart names both figures and both years in its
text alternative (role="img" with a <title>), and sits beside the impact table.

Scale: a percentage is drawn against 0–100, so 12% looks small, and the full range shows as
a faint track; any other unit is drawn from 0 to the larger figure. Negative figures (a pay
gap that reversed) extend the scale below 0, with a line at zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from casebook.library.cases import Measure
from casebook.plan.views import format_number, measure_view

# The chart's own coordinate system (the SVG scales to the width CSS gives it).
WIDTH = 300
YEAR_GUTTER = 44        # year labels, left of the bars
VALUE_GUTTER = 64       # value labels, right of the bars
BAR_HEIGHT = 18
ROW_GAP = 8
PADDING = 4
PLOT_LEFT = YEAR_GUTTER
PLOT_RIGHT = WIDTH - VALUE_GUTTER


@dataclass(frozen=True)
class Bar:
    """One bar: a year, its figure as shown, and where it is drawn."""

    kind: str           # 'baseline' or 'latest', for the CSS class
    year: str
    value: str
    x: float
    y: float
    width: float
    height: float
    text_y: float       # the baseline of the row's labels


@dataclass(frozen=True)
class Chart:
    """What chart.html draws for one measure."""

    id: str
    caption: str
    alt: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    track: tuple[float, float] | None   # (x, width) of the 0–100 track for percentages
    zero_x: float | None                # the zero line, drawn when the scale goes below 0
    plot_left: int = PLOT_LEFT
    value_x: int = PLOT_RIGHT + 6


def scale(measure: Measure) -> tuple[float, float]:
    """(low, high) of the axis: 0–100 for percentages, 0–largest figure otherwise."""
    values = (measure.baseline_value, measure.latest_value)
    low = min(0.0, *values)
    high = max(100.0 if measure.unit == "%" else 0.0, *values)
    if high == low:  # both figures are 0: any positive range draws two empty bars
        high = low + 1
    return low, high


def chart_alt(measure: Measure) -> str:
    """The text alternative: the measure, both figures with their years, and the change."""
    view = measure_view(measure)
    return (f"{view['measure']}: {view['baseline']} in {view['baseline_year']}, "
            f"{view['latest']} in {view['latest_year']} ({view['change']})")


def measure_chart(measure: Measure, chart_id: str) -> Chart:
    """The chart of one measure; `chart_id` must be unique on the page."""
    low, high = scale(measure)
    span = PLOT_RIGHT - PLOT_LEFT

    def x(value: float) -> float:
        return round(PLOT_LEFT + (value - low) / (high - low) * span, 2)

    unit = "%" if measure.unit == "%" else ""
    bars = []
    rows = (("baseline", measure.baseline_year, measure.baseline_value),
            ("latest", measure.latest_year, measure.latest_value))
    for row, (kind, year, value) in enumerate(rows):
        top = PADDING + row * (BAR_HEIGHT + ROW_GAP)
        start, end = x(min(0.0, value)), x(max(0.0, value))
        bars.append(Bar(kind=kind, year=str(year), value=f"{format_number(value)}{unit}",
                        x=start, y=top, width=round(end - start, 2), height=BAR_HEIGHT,
                        text_y=top + BAR_HEIGHT - 5))
    caption = measure.measure
    if measure.unit and measure.unit != "%":
        caption = f"{caption} ({measure.unit})"
    return Chart(
        id=chart_id,
        caption=caption,
        alt=chart_alt(measure),
        width=WIDTH,
        height=PADDING * 2 + 2 * BAR_HEIGHT + ROW_GAP,
        bars=tuple(bars),
        track=(x(0.0), round(x(100.0) - x(0.0), 2)) if measure.unit == "%" else None,
        zero_x=x(0.0) if low < 0 else None,
    )


def impact_charts(measures: tuple[Measure, ...] | list[Measure]) -> list[Chart]:
    """One chart per measure, with ids unique on a case page."""
    return [measure_chart(m, f"cb-chart-{index}") for index, m in enumerate(measures, 1)]
