"""Where each label of the control map goes: beside its point, over no other label, point or legend.

adjustText pushes single Text artists apart by simulated forces; a map label here is a block of several Texts
(one line per licence status, in that status's colour), so this places blocks instead: a greedy search over a
few positions around each point, nearest first. It is deterministic, needs no scipy, and costs
labels x positions x (labels + points), numpy comparing each position with every point at once.
Everything is in display pixels (y up), measured once the axes are final.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels

#: Gaps (pixels) between a point's marker and its label, nearest first; from LEADER_FROM on, a line joins them.
GAPS = (3.0, 12.0, 24.0, 40.0, 60.0, 85.0)
LEADER_FROM = 12.0
PAD = 1.5  # breathing space kept around each label
POINT_COST = 400.0  # a point under a label costs as much as this many square pixels of overlapping text
#: A label without a leader nearer another point than its own would name the wrong chip: costs this much.
AMBIGUOUS_COST = 150.0


@dataclass(frozen=True)
class Placement:
    x0: float  # the label's lower-left corner, pixels
    y0: float
    leader: bool  # placed away from its point: draw a line to it


def _corners(x: float, y: float, w: float, h: float, gap: float) -> list[tuple[float, float]]:
    """Lower-left corners around (x, y): right first (where a reader looks), then left, above, below."""
    lift = 0.35 * h
    return [
        (x + gap, y - h / 2),  # right, centred
        (x + gap, y - h + lift),  # right, a little above
        (x + gap, y - lift),  # right, a little below
        (x - gap - w, y - h / 2),  # left
        (x - gap - w, y - h + lift),
        (x - gap - w, y - lift),
        (x - w / 2, y + gap),  # above
        (x - w / 2, y - gap - h),  # below
        (x + gap * 0.7, y + gap * 0.7),  # the diagonals
        (x - gap * 0.7 - w, y + gap * 0.7),
        (x + gap * 0.7, y - gap * 0.7 - h),
        (x - gap * 0.7 - w, y - gap * 0.7 - h),
    ]


def place(
    anchors: Sequence[tuple[float, float]],
    sizes: Sequence[tuple[float, float]],
    own_radii: Sequence[float],
    points: np.ndarray,
    point_radii: np.ndarray,
    fixed: Sequence[Rect],
    bounds: Rect,
) -> list[Placement]:
    """One placement per label, in the order given (the first placed get the best spots).

    anchors: each label's point; sizes: (width, height); own_radii: the radius of each label's own marker;
    points (n x 2) and point_radii (n): every marker on the chart; fixed: rectangles to keep clear (legend,
    region names); bounds: the axes, which every label stays inside.
    """
    placed = [np.asarray(r, dtype=float) for r in fixed]
    result = []
    for (x, y), (w, h), own in zip(anchors, sizes, own_radii, strict=True):
        rects, gaps = [], []
        for gap in GAPS:
            for x0, y0 in _corners(x, y, w, h, gap + own):
                rects.append((x0, y0, x0 + w, y0 + h))
                gaps.append(gap)
        candidates = np.asarray(rects)
        inside = (
            (candidates[:, 0] >= bounds[0])
            & (candidates[:, 1] >= bounds[1])
            & (candidates[:, 2] <= bounds[2])
            & (candidates[:, 3] <= bounds[3])
        )
        others = np.hypot(points[:, 0] - x, points[:, 1] - y) > 0.5 if len(points) else np.zeros(0, bool)
        near, radii = points[others], point_radii[others]
        cost = _overlap(candidates, np.asarray(placed).reshape(-1, 4)) + POINT_COST * _points_under(
            candidates, near, radii
        )
        close = np.asarray(gaps) < LEADER_FROM
        cost[close] += AMBIGUOUS_COST * _nearer_other(candidates[close], x, y, own, near, radii)
        cost[~inside] = np.inf
        best = int(np.argmax(cost == 0)) if (cost == 0).any() else int(np.argmin(cost))
        x0, y0, x1, y1 = candidates[best]
        if not np.isfinite(cost[best]):  # nowhere inside: keep the nearest spot, pushed inside
            x0 = min(max(candidates[0][0], bounds[0]), bounds[2] - w)
            y0 = min(max(candidates[0][1], bounds[1]), bounds[3] - h)
            x1, y1, best = x0 + w, y0 + h, 0
        placed.append(np.array([x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD]))
        result.append(Placement(float(x0), float(y0), gaps[best] >= LEADER_FROM))
    return result


def _overlap(candidates: np.ndarray, rects: np.ndarray) -> np.ndarray:
    """For each candidate, the area it shares with the rectangles already taken."""
    if not len(rects):
        return np.zeros(len(candidates))
    width = np.minimum(candidates[:, None, 2], rects[None, :, 2]) - np.maximum(
        candidates[:, None, 0], rects[None, :, 0]
    )
    height = np.minimum(candidates[:, None, 3], rects[None, :, 3]) - np.maximum(
        candidates[:, None, 1], rects[None, :, 1]
    )
    return (np.clip(width, 0, None) * np.clip(height, 0, None)).sum(axis=1)


def _distance(candidates: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Candidates x points: how far each point is from each rectangle (0 inside)."""
    dx = np.maximum(np.maximum(candidates[:, None, 0] - px[None, :], px[None, :] - candidates[:, None, 2]), 0)
    dy = np.maximum(np.maximum(candidates[:, None, 1] - py[None, :], py[None, :] - candidates[:, None, 3]), 0)
    return np.hypot(dx, dy)


def _nearer_other(
    candidates: np.ndarray, x: float, y: float, own: float, points: np.ndarray, radii: np.ndarray
) -> np.ndarray:
    """For each candidate, 1 where another marker's edge is nearer the label than its own marker's edge."""
    if not len(points) or not len(candidates):
        return np.zeros(len(candidates))
    mine = _distance(candidates, np.array([x]), np.array([y]))[:, 0] - own
    theirs = (_distance(candidates, points[:, 0], points[:, 1]) - radii[None, :]).min(axis=1)
    return (theirs < mine).astype(float)


def _points_under(candidates: np.ndarray, points: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """For each candidate, how many of the markers (all but its own point's) it would cover."""
    if not len(points):
        return np.zeros(len(candidates))
    px, py, r = points[:, 0], points[:, 1], radii
    hit = (
        (px[None, :] + r[None, :] > candidates[:, None, 0])
        & (px[None, :] - r[None, :] < candidates[:, None, 2])
        & (py[None, :] + r[None, :] > candidates[:, None, 1])
        & (py[None, :] - r[None, :] < candidates[:, None, 3])
    )
    return hit.sum(axis=1)
