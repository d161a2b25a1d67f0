"""The evaluation's charts as server-rendered SVG: district comparison (bars), a time series (lines) and a map of the
districts coloured by a measure. No JavaScript, no chart library in the browser.

Content-Security-Policy forbids style attributes and elements, so every shape carries a class (styled by
static/evaluation/dashboard.css on the page) and the same colour as an SVG presentation attribute (which the CSP does
not touch, and which WeasyPrint uses in the PDF, where the page's stylesheet does not reach into inline SVG).

Each chart is a picture for those who see it (role="img", a <title> and a <desc> as its accessible name and
description); the same figures are always in a data table beside it, and the map's values are written on it and its
classes told by a legend with ranges — colour never carries a figure alone. All text is escaped here, so the result
may be marked safe.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from shapely.geometry import shape

Format = Callable[[float | None], str]

TEXT = "#1a1a1a"
VALUE = "#1d5b9b"        # ≥ 3:1 against white (WCAG 1.4.11)
COMPARISON = "#8a8a8a"   # the previous period: grey, thinner, and second in each row
LINES = ("#1d5b9b", "#a34e00")
DASHES = ("", ' stroke-dasharray="6 4"')
# The map's classes, light to dark (ColorBrewer Blues); text on them is dark with a white halo.
BINS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#ffffff"
FONT = 'font-family="system-ui, sans-serif"'


def _open(chart_id: str, title: str, description: str, width: float, height: float, kind: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ev-chart ev-chart--{kind}" viewBox="0 0 {width:g} '
        f'{height:g}" width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _text(x: float, y: float, text: str, *, size: int = 12, anchor: str = "start", cls: str = "ev-text",
          bold: bool = False, halo: bool = False) -> str:
    extra = ' font-weight="bold"' if bold else ""
    if halo:
        extra += ' stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round"'
    return (f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{TEXT}"'
            f'{extra} {FONT}>{escape(text)}</text>')


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- district comparison: horizontal bars ---------------------------------------------------------------------------

@dataclass(frozen=True)
class BarRow:
    label: str
    value: float | None
    comparison: float | None = None


def bar_chart(rows: Sequence[BarRow], *, chart_id: str, title: str, description: str, fmt: Format,
              value_label: str, comparison_label: str) -> str:
    """Per row a thick bar for the period and a thin grey one for the previous period, both from zero, scaled to the
    largest figure; the figure is written after each bar ("geen gegevens" when there is none)."""
    width, label_w, row_h, top = 640, 190, 30, 34
    bar_w = width - label_w - 90
    height = top + row_h * max(len(rows), 1) + 6
    largest = max([abs(v) for r in rows for v in (r.value, r.comparison) if v is not None] or [0]) or 1
    parts = _open(chart_id, title, description, width, height, "bars")
    parts += [
        f'<rect class="ev-bar" x="0" y="6" width="14" height="12" fill="{VALUE}"/>',
        _text(20, 16, value_label),
        f'<rect class="ev-bar ev-bar--comparison" x="{label_w + 60}" y="10" width="14" height="5" '
        f'fill="{COMPARISON}"/>',
        _text(label_w + 80, 16, comparison_label),
    ]
    for n, row in enumerate(rows):
        y = top + n * row_h
        parts.append(f'<g class="ev-row">{_text(0, y + 13, _clip(row.label, 28))}')
        for value, cls, offset, thickness, colour in ((row.value, "ev-bar", 0, 14, VALUE),
                                                      (row.comparison, "ev-bar ev-bar--comparison", 16, 5,
                                                       COMPARISON)):
            length = 0.0 if value is None else round(bar_w * max(value, 0) / largest, 1)
            if length > 0:
                parts.append(f'<rect class="{cls}" x="{label_w}" y="{y + offset}" width="{length}" '
                             f'height="{thickness}" fill="{colour}"/>')
            if cls == "ev-bar":
                parts.append(_text(label_w + length + 4, y + 12, fmt(value), size=11))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


# --- time series: lines ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def line_chart(labels: Sequence[str], series: Sequence[Series], *, chart_id: str, title: str, description: str,
               fmt: Format) -> str:
    """One line per series (at most two: told apart by colour, dash and marker shape, and named in the legend),
    over the labelled sub-periods; a gap where a sub-period has no figure. The y axis starts at zero."""
    width, height, left, right, top, bottom = 640, 260, 64, 16, 40, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    top_value = _nice(max(values + [0.0]))
    parts = _open(chart_id, title, description, width, height, "lines")
    for step in range(5):  # grid and y labels
        value = top_value * step / 4
        y = top + plot_h - plot_h * step / 4
        parts.append(f'<line class="ev-grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#d0d0d0" stroke-width="1"/>')
        parts.append(_text(left - 6, y + 4, fmt(value), size=11, anchor="end"))
    count = max(len(labels), 1)
    xs = [left + (plot_w * (i + 0.5) / count) for i in range(count)]
    every = max(1, math.ceil(count / 8))
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(_text(xs[i], height - bottom + 18, label, size=11, anchor="middle"))
    for k, s in enumerate(series[:2]):
        colour, dash = LINES[k], DASHES[k]
        legend_x = left + k * 250
        parts.append(f'<line class="ev-line ev-line--{k}" x1="{legend_x}" x2="{legend_x + 24}" y1="14" y2="14" '
                     f'stroke="{colour}" stroke-width="3"{dash}/>')
        parts.append(_marker(k, legend_x + 12, 14, colour))
        parts.append(_text(legend_x + 30, 18, _clip(s.name, 32)))
        points = [(xs[i], top + plot_h - plot_h * (v / top_value if top_value else 0))
                  if v is not None else None for i, v in enumerate(s.values)]
        run: list[tuple[float, float]] = []
        for point in [*points, None]:
            if point is None:
                if len(run) > 1:
                    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                    parts.append(f'<polyline class="ev-line ev-line--{k}" points="{path}" fill="none" '
                                 f'stroke="{colour}" stroke-width="3"{dash}/>')
                run = []
            else:
                run.append(point)
        parts += [_marker(k, x, y, colour) for x, y in (p for p in points if p is not None)]
    parts.append(f'<line class="ev-axis" x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
                 f'stroke="{TEXT}" stroke-width="1"/>')
    parts.append("</svg>")
    return "".join(parts)


def _marker(k: int, x: float, y: float, colour: str) -> str:
    if k == 0:
        return f'<circle class="ev-marker ev-marker--{k}" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'
    return (f'<rect class="ev-marker ev-marker--{k}" x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" '
            f'fill="{colour}"/>')


def _nice(value: float) -> float:
    """A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover


# --- the map ----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Area:
    code: str
    name: str
    geometry: dict | None
    value: float | None


@dataclass(frozen=True)
class Bin:
    index: int
    low: float
    high: float
    label: str
    colour: str


def bins_for(values: Sequence[float | None], fmt: Format, count: int = len(BINS)) -> list[Bin]:
    """Equal-width classes over the figures' range (fewer when fewer distinct values); labels 'low – high'."""
    present = sorted({v for v in values if v is not None})
    if not present:
        return []
    low, high = present[0], present[-1]
    count = max(1, min(count, len(present)))
    if high == low:
        return [Bin(len(BINS) - 1, low, high, fmt(low), BINS[-1])]
    step = (high - low) / count
    first = len(BINS) - count  # fewer classes: the darker ones, so the class number names the colour
    return [Bin(first + i, low + i * step, high if i == count - 1 else low + (i + 1) * step,
                f"{fmt(low + i * step)} – {fmt(high if i == count - 1 else low + (i + 1) * step)}", BINS[first + i])
            for i in range(count)]


def bin_of(value: float | None, bins: Sequence[Bin]) -> Bin | None:
    if value is None or not bins:
        return None
    for b in bins:
        if value <= b.high + 1e-9:
            return b
    return bins[-1]


def _rings(geometry: dict) -> list[list[list[float]]]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coordinates)
    if kind == "MultiPolygon":
        return [ring for polygon in coordinates for ring in polygon]
    return []


def map_chart(areas: Sequence[Area], *, chart_id: str, title: str, description: str, fmt: Format,
              no_data: str) -> tuple[str, list[Bin]]:
    """The districts' outlines (GeoJSON in WGS84, projected equirectangular at the map's mean latitude), each filled
    by its class and labelled with its figure, and a legend of the classes; returns the SVG and the classes (for the
    table beside it)."""
    bins = bins_for([a.value for a in areas], fmt)
    drawn = [a for a in areas if a.geometry and _rings(a.geometry)]
    points = [pt for a in drawn for ring in _rings(a.geometry) for pt in ring]
    width, map_h, legend_row = 640, 420, 20
    legend_h = 28 + legend_row * (len(bins) + 1)
    parts = _open(chart_id, title, description, width, map_h + legend_h, "map")
    if points:
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
        span_x, span_y = (max(lons) - min(lons)) * squeeze or 1e-6, (max(lats) - min(lats)) or 1e-6
        scale = min((width - 20) / span_x, (map_h - 20) / span_y)
        off_x = (width - span_x * scale) / 2
        off_y = (map_h - span_y * scale) / 2

        def project(lon: float, lat: float) -> tuple[float, float]:
            return off_x + (lon - min(lons)) * squeeze * scale, off_y + (max(lats) - lat) * scale

        labels = []
        for area in drawn:
            b = bin_of(area.value, bins)
            path = " ".join("M" + " L".join("{:.1f} {:.1f}".format(*project(x, y)) for x, y, *_ in ring) + " Z"
                            for ring in _rings(area.geometry))
            cls = f"ev-area ev-area--{b.index}" if b else "ev-area ev-area--none"
            parts.append(f'<path class="{cls}" d="{path}" fill="{b.colour if b else NO_DATA}" fill-rule="evenodd" '
                         f'stroke="{TEXT}" stroke-width="1"><title>{escape(area.name)}: '
                         f'{escape(fmt(area.value) if area.value is not None else no_data)}</title></path>')
            try:
                spot = shape(area.geometry).representative_point()
                labels.append((project(spot.x, spot.y), area))
            except Exception:  # noqa: BLE001 - an odd outline still gets drawn, without its label
                continue
        for (x, y), area in labels:
            parts.append(_text(x, y - 2, _clip(area.name, 22), size=10, anchor="middle", halo=True))
            parts.append(_text(x, y + 10, fmt(area.value) if area.value is not None else "–", size=11,
                               anchor="middle", bold=True, halo=True))
    y = map_h + 16
    parts.append(_text(0, y, title, size=12, bold=True))
    for b in [*bins, None]:
        y += legend_row
        colour = b.colour if b else NO_DATA
        cls = f"ev-area ev-area--{b.index}" if b else "ev-area ev-area--none"
        parts.append(f'<rect class="{cls}" x="0" y="{y - 12}" width="24" height="14" fill="{colour}" '
                     f'stroke="{TEXT}" stroke-width="1"/>')
        parts.append(_text(32, y, b.label if b else no_data))
    parts.append("</svg>")
    return "".join(parts), bins
