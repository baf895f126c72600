"""Report wing: what the council holds — charts, the summary workbook, the notebooks as HTML.

`style` (house style, Japanese font and wrapping, colours, saving) → `charts` (bars, heat
map, lines) and `network` (network charts) → `figures` (the council figures from the
processed tables) → `workbook` (tables as formatted sheets) and `summary` (what
summary.xlsx holds), `tables` (tables as the notebooks show them), `notebooks` (the
notebooks' setup call; running and exporting them) and `front_page` (reports/index.html).
"""

from . import figures
from .figures import chosen_fiscal_year, draw, figure_functions, fiscal_years, write_figures
from .front_page import key_figures, relative_href, write_front_page
from .notebooks import (
    execute_notebook,
    export_html,
    notebook_paths,
    notebook_title,
    run_notebooks,
    setup,
)
from .style import fiscal_year_text, use_house_style
from .summary import summary_sheets, write_summary_xlsx
from .tables import kwic_table, table

__all__ = [
    "chosen_fiscal_year",
    "draw",
    "execute_notebook",
    "export_html",
    "figure_functions",
    "figures",
    "fiscal_year_text",
    "fiscal_years",
    "key_figures",
    "kwic_table",
    "notebook_paths",
    "notebook_title",
    "relative_href",
    "run_notebooks",
    "setup",
    "summary_sheets",
    "table",
    "use_house_style",
    "write_figures",
    "write_front_page",
    "write_summary_xlsx",
]
