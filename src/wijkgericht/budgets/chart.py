"""The result as a bar chart: per project its votes and its cost, as inline SVG (no JavaScript; no style attribute
or element, which the Content-Security-Policy forbids: colours and sizes are SVG presentation attributes).

The chart is a picture for those who see it (role="img" with a title and a description); the same figures are in
the data table beside it on the page, which is what screen readers and keyboard users read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _

from wijkgericht.budgets.explain import dutch_money, dutch_number

WIDTH = 340  # about the phone's column: the text is drawn near its own size there
LABEL_HEIGHT = 18
BAR_HEIGHT = 12
GAP = 14
ROW_HEIGHT = LABEL_HEIGHT + 2 * BAR_HEIGHT + 4 + GAP
BAR_WIDTH = 250           # room for the figure after the longest bar
VOTES_COLOUR = "#1d5b9b"  # ≥ 3:1 against white (WCAG 1.4.11), and told apart by the legend and position too
MONEY_COLOUR = "#a34e00"
TEXT_COLOUR = "#1a1a1a"
FONT = 'font-family="system-ui, sans-serif"'


@dataclass(frozen=True, slots=True)
class Bar:
    title: str
    votes: int
    cost: int
    selected: bool


def _clip(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(bars: Sequence[Bar], *, budget: int, votes_label: str, chart_id: str) -> str:
    """SVG markup (escaped; safe to mark safe): projects by votes, each with a votes bar (relative to the most
    votes) and a money bar (relative to the budget). A chosen project's title starts with ✓."""
    top = 34
    height = top + ROW_HEIGHT * max(len(bars), 1)
    most = max((b.votes for b in bars), default=0) or 1
    scale = max(budget, max((b.cost for b in bars), default=0)) or 1
    title = _("Stemmen en kosten per project")
    desc = _("Per project twee balken: %(votes)s en de kosten, als deel van het budget van %(budget)s. Een vinkje: "
             "gekozen. Dezelfde cijfers staan in de tabel.") % {"votes": votes_label, "budget": dutch_money(budget)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="result-chart" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        # legend
        f'<rect x="0" y="6" width="12" height="12" fill="{VOTES_COLOUR}"/>',
        f'<text x="18" y="16" font-size="12" fill="{TEXT_COLOUR}" {FONT}>{escape(votes_label.capitalize())}</text>',
        f'<rect x="120" y="6" width="12" height="12" fill="{MONEY_COLOUR}"/>',
        f'<text x="138" y="16" font-size="12" fill="{TEXT_COLOUR}" {FONT}>'
        f'{escape(_("Kosten (deel van het budget)"))}</text>',
    ]
    for n, bar in enumerate(bars):
        y = top + n * ROW_HEIGHT
        label = ("✓ " if bar.selected else "") + _clip(bar.title)
        weight = ' font-weight="bold"' if bar.selected else ""
        votes_w = round(BAR_WIDTH * bar.votes / most, 1)
        money_w = round(BAR_WIDTH * bar.cost / scale, 1)
        parts += [
            f'<g><text x="0" y="{y + 13}" font-size="14" fill="{TEXT_COLOUR}"{weight} {FONT}>{escape(label)}</text>',
            f'<rect x="0" y="{y + LABEL_HEIGHT}" width="{votes_w}" height="{BAR_HEIGHT}" fill="{VOTES_COLOUR}"/>',
            f'<text x="{votes_w + 4}" y="{y + LABEL_HEIGHT + 10}" font-size="12" fill="{TEXT_COLOUR}" {FONT}>'
            f'{escape(dutch_number(bar.votes))}</text>',
            f'<rect x="0" y="{y + LABEL_HEIGHT + BAR_HEIGHT + 2}" width="{money_w}" height="{BAR_HEIGHT}" '
            f'fill="{MONEY_COLOUR}"/>',
            f'<text x="{money_w + 4}" y="{y + LABEL_HEIGHT + 2 * BAR_HEIGHT}" font-size="12" fill="{TEXT_COLOUR}" '
            f'{FONT}>{escape(dutch_money(bar.cost))}</text></g>',
        ]
    parts.append("</svg>")
    return "".join(parts)
