"""Measures wing: what the council is shown per item, per group and per section.

`themes` (COVID effect, plan type, the analyst's codes: `item_measures`, one decider per
measure of `schema.MEASURES`) → `rollups` (`measure_counts` per goal, area, section,
division) and `workload` (items and text per section and division); `counts` holds the
zero-filled tallies they share with the between-years wing.
"""

from .counts import tally
from .rollups import area_key, roll_up_measures
from .themes import (
    MeasureRules,
    analyst_codes,
    check_rule_codes,
    item_measures,
    items_with_measures,
    repeating_plans,
)
from .workload import (
    co_ownership,
    department_goal_counts,
    department_goal_matrix,
    items_per_department,
    items_per_division,
    text_volume,
    workload_frames,
)

__all__ = [
    "MeasureRules",
    "analyst_codes",
    "area_key",
    "check_rule_codes",
    "co_ownership",
    "department_goal_counts",
    "department_goal_matrix",
    "item_measures",
    "items_per_department",
    "items_per_division",
    "items_with_measures",
    "repeating_plans",
    "roll_up_measures",
    "tally",
    "text_volume",
    "workload_frames",
]
