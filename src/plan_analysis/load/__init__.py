"""Load wing: raw progress tables (text, CSV, .xlsx) → the tidy tables of DESIGN.md §3.

The stages, each its own module: `encoding` → `readers` (rows of cells with positions) →
`headers` + `markers` + `structure` (title, header, goals, areas, items) → `normalize`,
`departments`, `reposts`, `fiscal_year` → `tables` (the `Tables` of one or more files).
"""

from .reposts import counted, counted_keys
from .tables import LoadReference, Tables, load_table, load_tables, raw_files, stack, table_files

__all__ = [
    "LoadReference",
    "Tables",
    "counted",
    "counted_keys",
    "load_table",
    "load_tables",
    "raw_files",
    "stack",
    "table_files",
]
