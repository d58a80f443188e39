"""Charts as server-rendered SVG: no script, no library, works offline and under the pages' strict CSP."""

from __future__ import annotations

from markupsafe import Markup, escape

ANSWERED, NOT_ANSWERED, AXIS, INK = "#0d6e6e", "#e08a2e", "#9ca3af", "#1b1f24"


def _nice_max(value: int) -> int:
    """A round top for the y axis (1, 2, 5, 10, 20, 50, ...) at or above value."""
    top = 1
    while True:
        for step in (1, 2, 5):
            if step * top >= value:
                return step * top
        top *= 10


def daily_chart(trend: list[dict], title_id: str = "chart-title", desc_id: str = "chart-desc") -> Markup:
    """Questions per day as stacked bars (answered below, not answered above), with axes and a legend."""
    width, height = 720, 260
    # The value axis is on the right, beside today's bar: where a phone, which scrolls the chart to its
    # end, shows it (on the left it would start off-screen).
    left, right, top, bottom = 12, 44, 30, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(1, len(trend))
    peak = _nice_max(max((d["questions"] for d in trend), default=0) or 1)
    slot = plot_w / n
    bar = max(1.0, slot * 0.72)
    total = sum(d["questions"] for d in trend)
    answered = sum(d["answered"] for d in trend)
    share = f"{answered / total:.0%}" if total else "none"
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">Questions per day</title>',
        f'<desc id="{desc_id}">{total} questions over {len(trend)} days, {share} answered. '
        f'Bars: answered (teal, bottom) and not answered (orange, top) per day.</desc>',
    ]
    for i in range(5):  # gridlines and y labels at 0, 1/4, ... of the top
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        label = f"{value:g}" if value == int(value) or peak < 4 else f"{value:.0f}"
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{AXIS}" '
                     f'stroke-width="{1 if i == 0 else 0.5}"/>')
        parts.append(f'<text x="{width - right + 6}" y="{y + 4:.1f}" text-anchor="start" font-size="12" '
                     f'fill="{INK}">{label}</text>')
    every = max(1, round(n / 8))  # at most about 8 day labels
    for i, d in enumerate(trend):
        x = left + i * slot + (slot - bar) / 2
        h_ok = plot_h * d["answered"] / peak
        h_no = plot_h * (d["questions"] - d["answered"]) / peak
        base = top + plot_h
        tip = escape(f'{d["day"]}: {d["questions"]} questions, {d["answered"]} answered')
        parts.append(f'<g class="day" data-day="{d["day"]}" data-questions="{d["questions"]}" '
                     f'data-answered="{d["answered"]}"><title>{tip}</title>')
        if h_ok:
            parts.append(f'<rect x="{x:.1f}" y="{base - h_ok:.1f}" width="{bar:.1f}" height="{h_ok:.1f}" '
                         f'fill="{ANSWERED}"/>')
        if h_no:
            parts.append(f'<rect x="{x:.1f}" y="{base - h_ok - h_no:.1f}" width="{bar:.1f}" height="{h_no:.1f}" '
                         f'fill="{NOT_ANSWERED}"/>')
        parts.append("</g>")
        # Every `every`-th day from the last one backwards, so that today is always labelled.
        if (n - 1 - i) % every == 0:
            parts.append(f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - bottom + 16}" font-size="12" '
                         f'text-anchor="middle" fill="{INK}">{escape(d["day"][5:])}</text>')
    legend_y, lx = 14, width - right - 210  # the legend is on the right too
    parts.append(f'<rect x="{lx}" y="{legend_y - 9}" width="12" height="12" fill="{ANSWERED}"/>'
                 f'<text x="{lx + 18}" y="{legend_y + 1}" font-size="12" fill="{INK}">answered</text>'
                 f'<rect x="{lx + 100}" y="{legend_y - 9}" width="12" height="12" fill="{NOT_ANSWERED}"/>'
                 f'<text x="{lx + 118}" y="{legend_y + 1}" font-size="12" fill="{INK}">not answered</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
