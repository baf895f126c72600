"""Report wing: what the council holds — charts, the summary workbook, the notebooks as HTML.

`style` (house style, Japanese font and wrapping, colours, saving) → `charts` (bars, heat
map, lines) and `network` (network charts) → `figures` (the council figures from the
processed tables) and `kh_figures` (notebook 07's KH Coder maps) → `workbook` (tables as
formatted sheets), `summary` (what summary.xlsx holds) and `word_workbook` (words.xlsx),
`tables` (tables as the notebooks show them), `kernels` (a kernel reused for one notebook
after another), `notebooks` (the notebooks' setup call; running and exporting them) and
`front_page` (reports/index.html).
"""

from . import figures, kh_figures
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
from .word_workbook import word_sheets, write_word_workbook

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
    "kh_figures",
    "kwic_table",
    "notebook_paths",
    "notebook_title",
    "relative_href",
    "run_notebooks",
    "setup",
    "summary_sheets",
    "table",
    "use_house_style",
    "word_sheets",
    "write_figures",
    "write_front_page",
    "write_summary_xlsx",
    "write_word_workbook",
]
