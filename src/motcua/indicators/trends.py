"""Charts of a unit's scores over time, drawn as inline SVG on the server (no script, no
network): one line per dashboard group, as a share of its maximum, and the total."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from motcua.org.models import AdministrativeUnit

from . import rollup, scoring, selectors
from .periods import Period, month_bounds

COLOURS = ("#b3261e", "#1f5fa8", "#2e7d32", "#8e24aa", "#ef6c00", "#00838f")
W, H, PAD = 640, 220, 36


def monthly(unit: AdministrativeUnit, end: dt.date, months: int = 12) -> list[tuple[str, dict]]:
    """``[(mm/yyyy, result)]`` for the ``months`` calendar months ending with ``end``'s."""
    rollup.refresh()
    out = []
    year, month = end.year, end.month
    spans = []
    for _i in range(months):
        spans.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    for year, month in reversed(spans):
        first, last = month_bounds(year, month)
        period = Period(start=first, end=last, as_of=min(last, end))
        card = selectors.scorecards(units=[unit], period=period, refresh=False)[0]
        out.append((f"{month:02d}/{year}", card.result | {"received": card.received}))
    return out


def svg_for(unit: AdministrativeUnit, period: Period) -> SafeString:
    series = monthly(unit, period.effective_end)
    if not any(result["received"] for _label, result in series):
        return format_html('<p class="muted">{}</p>', _("Chưa có hồ sơ trong 12 tháng qua."))
    step = (W - 2 * PAD) / max(1, len(series) - 1)

    def y(share: float) -> float:
        return H - PAD - share * (H - 2 * PAD)

    lines, legend = [], []
    keys = [*scoring.GROUPS, "total"]
    for n, key in enumerate(keys):
        maximum = float(scoring.GROUPS.get(key, 100))
        points = []
        for i, (_label, result) in enumerate(series):
            value = result["total"] if key == "total" else result["groups"].get(key)
            if value is not None:
                points.append(f"{PAD + i * step:.1f},{y(value / maximum):.1f}")
        colour = "#222" if key == "total" else COLOURS[n % len(COLOURS)]
        width = 3 if key == "total" else 1.5
        name = _("Tổng điểm") if key == "total" else str(scoring.GROUP_NAMES[key])
        if points:
            lines.append(f'<polyline fill="none" stroke="{colour}" stroke-width="{width}" '
                         f'points="{" ".join(points)}"><title>{escape(name)}</title></polyline>')  # fmt: skip
        legend.append(f'<li><span style="color:{colour}">■</span> {escape(name)}</li>')
    axis = [f'<line x1="{PAD}" y1="{y(s):.1f}" x2="{W - PAD}" y2="{y(s):.1f}" stroke="#ddd"/>'
            f'<text x="4" y="{y(s) + 4:.1f}" font-size="10">{int(s * 100)}%</text>'
            for s in (0, 0.5, 1)]  # fmt: skip
    labels = [f'<text x="{PAD + i * step:.1f}" y="{H - 8}" font-size="10" text-anchor="middle">'
              f"{label[:2]}/{label[-2:]}</text>" for i, (label, _r) in enumerate(series)]  # fmt: skip
    title = escape(_("Điểm theo tháng (tỷ lệ so với điểm tối đa của nhóm)"))
    svg = (f'<svg class="trend" viewBox="0 0 {W} {H}" role="img" aria-label="{title}">'
           f"<title>{title}</title>{''.join(axis)}{''.join(lines)}{''.join(labels)}</svg>"
           f'<ul class="legend">{"".join(legend)}</ul>')  # fmt: skip
    return mark_safe(svg)
