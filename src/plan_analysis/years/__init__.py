"""Years wing: the tables of consecutive fiscal years compared, and trends across them.

`aliases` (reorganisations: old section names → current) → `matching` (`year_links`,
lineage) → `diffs` (what changed in a cell) and `trends` (counts per year, zeros filled).
"""

from .aliases import apply_aliases, load_aliases, no_aliases
from .matching import (
    YearReference,
    compared_years,
    comparison_note,
    link_years,
    load_item_links,
    year_tables,
)
from .trends import measure_trends

__all__ = [
    "YearReference",
    "apply_aliases",
    "compared_years",
    "comparison_note",
    "link_years",
    "load_aliases",
    "load_item_links",
    "measure_trends",
    "no_aliases",
    "year_tables",
]
