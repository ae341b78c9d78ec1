"""Server-rendered SVG line chart of cumulative adoption per country (no JavaScript)."""

from dataclasses import dataclass

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40
SERIES_STYLES = 8  # atlas.css defines .series-0 … .series-7 with distinct colours and dashes


@dataclass
class Series:
    code: str
    name: str
    style: int
    points: str
    markers: list[tuple[str, str, int, int]]
    total: int


def adoption_chart(counts: dict[str, dict[int, int]], *, names: dict[str, str]) -> dict | None:
    years = sorted({year for per_year in counts.values() for year in per_year})
    if not years:
        return None
    first, last = years[0], years[-1]
    span = max(last - first, 1)
    cumulative = {}
    for code, per_year in counts.items():
        running, values = 0, {}
        for year in range(first, last + 1):
            running += per_year.get(year, 0)
            values[year] = running
        cumulative[code] = values
    top = max((values[last] for values in cumulative.values()), default=1) or 1

    def x(year: int) -> float:
        return round(LEFT + (year - first) / span * (WIDTH - LEFT - RIGHT), 1)

    def y(value: int) -> float:
        return round(HEIGHT - BOTTOM - value / top * (HEIGHT - TOP - BOTTOM), 1)

    series = []
    for index, (code, values) in enumerate(cumulative.items()):
        changes = [year for year in range(first, last + 1) if counts[code].get(year)]
        points = " ".join(f"{x(year)},{y(values[year])}" for year in range(first, last + 1))
        series.append(Series(code=code, name=str(names.get(code, code)), style=index % SERIES_STYLES,
                             points=points,
                             markers=[(str(x(yr)), str(y(values[yr])), yr, values[yr]) for yr in changes],
                             total=values[last]))
    step = max(1, round(span / 8))
    # Coordinates go out as strings: a template would localise floats ("12,5" in Indonesian).
    x_ticks = [(str(x(year)), str(year)) for year in range(first, last + 1, step)]
    y_step = max(1, round(top / 5))
    y_ticks = [(str(y(value)), str(value)) for value in range(0, top + 1, y_step)]
    table_years = sorted({year for per_year in counts.values() for year in per_year})
    table = [(year, [cumulative[code][year] for code in cumulative]) for year in table_years]
    return {
        "width": str(WIDTH), "height": str(HEIGHT), "left": str(LEFT), "bottom": str(HEIGHT - BOTTOM),
        "right": str(WIDTH - RIGHT), "top": str(TOP), "tick_x_label_y": str(HEIGHT - BOTTOM + 18),
        "tick_y_label_x": str(LEFT - 6), "series": series, "x_ticks": x_ticks, "y_ticks": y_ticks, "first": first, "last": last,
        "table": table, "max": top,
    }
