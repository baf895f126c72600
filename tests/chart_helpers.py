"""What a drawn chart shows: its placed labels and where they fall once rendered."""

from __future__ import annotations

from itertools import combinations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from plan_analysis.report.style import PlacedLabels


def placed_labels(fig: Figure) -> list[PlacedLabels]:
    return [a for ax in fig.axes for a in ax.artists if isinstance(a, PlacedLabels)]


def label_boxes(fig: Figure) -> list[tuple[Text, Bbox]]:
    """Every placed label with its box (with its background patch) as rendered, after
    fig.canvas.draw() has run the layout and the placement."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    texts = [t for layer in placed_labels(fig) for t in layer.texts]
    return [
        (
            t,
            Bbox.union(
                [t.get_window_extent(renderer), t.get_bbox_patch().get_window_extent(renderer)]
            )
            if t.get_bbox_patch()
            else t.get_window_extent(renderer),
        )
        for t in texts
    ]


def overlapping(fig: Figure) -> list[tuple[str, str]]:
    """The pairs of placed labels whose rendered boxes intersect (none, in a good chart)."""
    boxes = label_boxes(fig)
    return [
        (a.get_text(), b.get_text())
        for (a, box_a), (b, box_b) in combinations(boxes, 2)
        if box_a.overlaps(box_b)
    ]
