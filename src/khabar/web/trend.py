"""The conflict/cooperation trend: PLOVER weights summed per period, with empty periods filled in so
that a quiet month shows as quiet rather than disappearing from the chart."""

from __future__ import annotations

import datetime as dt

from khabar.store.views import TrendPoint

BUCKETS = ("year", "month", "week", "day")


def _next(period: str, bucket: str) -> str:
    if bucket == "year":
        return str(int(period) + 1)
    if bucket == "month":
        y, m = int(period[:4]), int(period[5:7])
        return f"{y + m // 12}-{m % 12 + 1:02d}"
    if bucket == "week":
        y, w = int(period[:4]), int(period[6:8])
        d = dt.date.fromisocalendar(y, w, 1) + dt.timedelta(weeks=1)
        iy, iw, _ = d.isocalendar()
        return f"{iy}-W{iw:02d}"
    return (dt.date.fromisoformat(period) + dt.timedelta(days=1)).isoformat()


def fill(points: list[TrendPoint], bucket: str, *, max_points: int = 400) -> list[TrendPoint]:
    """Insert empty periods between the first and the last (unless that would exceed ``max_points``)."""
    if len(points) < 2:
        return points
    have = {p.period: p for p in points}
    out: list[TrendPoint] = []
    period = points[0].period
    last = points[-1].period
    while True:
        out.append(have.get(period) or TrendPoint(period=period, events=0, conflict=0.0, cooperation=0.0, mean=0.0))
        if period >= last or len(out) > max_points:
            break
        period = _next(period, bucket)
    return out if len(out) <= max_points else points
