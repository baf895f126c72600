"""Years wing: the tables of consecutive fiscal years compared, and trends across them.

`keys` (what is compared: folded texts, section names made comparable by the declared
reorganisations) → `matching` (`year_links`: hand decisions, one-to-one assignment, then
`areas` (`area_links`) and `parts` (splits and merges)) → `lineage` (one identity through
the years) → `diffs` (what changed in a cell) and `trends` (counts per year, zeros filled).
"""

from .lineage import item_lineage, lineage_history
from .matching import (
    YearReference,
    compared_years,
    comparison_note,
    link_years,
    load_item_links,
    year_tables,
)
from .trends import in_current_names, measure_trends

__all__ = [
    "YearReference",
    "compared_years",
    "comparison_note",
    "in_current_names",
    "item_lineage",
    "lineage_history",
    "link_years",
    "load_item_links",
    "measure_trends",
    "year_tables",
]
