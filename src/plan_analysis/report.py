"""The report layer: run the notebooks, export them to HTML without code, write summary.xlsx.

Notebooks are executed with papermill (their `parameters` cell gets the folders and years),
saved to `reports/notebooks/` as build products, and exported with nbconvert to
`reports/*.html` with code cells left out, for the council. The Excel summary puts the key
tables on one sheet each with Japanese headers. Files are written atomically.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pandas as pd

from .labels import to_display
from .outputs import write_atomic

#: A fixed timestamp for workbook properties and zip entries, so reruns give identical files.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def notebook_paths(folder: Path) -> list[Path]:
    """The analysis notebooks in reading order (NN_topic.ipynb)."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb") if p.is_file())


def execute_notebook(
    notebook: Path, out_dir: Path, parameters: Mapping[str, object], cwd: Path
) -> Path:
    """Run one notebook with papermill into `out_dir`; returns the executed copy's path."""
    import papermill  # deferred: heavy, and only the report needs it

    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / notebook.name
    papermill.execute_notebook(
        str(notebook),
        str(executed),
        parameters=dict(parameters),
        kernel_name="python3",
        progress_bar=False,
        cwd=str(cwd),
    )
    return executed


def export_html(executed: Path, out_html: Path) -> Path:
    """Export an executed notebook to HTML without code cells or prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    data = body.encode("utf-8")
    return write_atomic(out_html, lambda fh: fh.write(data))


_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip (an .xlsx) with fixed entry timestamps and document dates (openpyxl
    stamps the save time into docProps/core.xml), in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rb"\g<1>2000-01-01T00:00:00Z\g<3>", content)
            dst.writestr(fixed, content)
    return out.getvalue()


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per table: Japanese headers, frozen header row, fitted widths."""
    from openpyxl.utils import get_column_letter

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in sheets.items():
            shown = to_display(df)
            shown.to_excel(writer, sheet_name=name[:31], index=False)
            ws = writer.sheets[name[:31]]
            ws.freeze_panes = "A2"
            for i, col in enumerate(shown.columns, start=1):
                longest = max([len(str(col))] + [len(str(v)) for v in shown[col].head(200)])
                ws.column_dimensions[get_column_letter(i)].width = min(60, 2 + 1.8 * longest)
    return _stable_zip(buf.getvalue())


def write_summary_xlsx(sheets: Mapping[str, pd.DataFrame], path: Path) -> Path:
    """Write the Excel summary (sheet name → table) atomically."""
    data = xlsx_bytes(sheets)
    return write_atomic(path, lambda fh: fh.write(data))


def run_notebooks(
    notebooks: Iterable[Path], reports_dir: Path, parameters: Mapping[str, object], cwd: Path
) -> list[Path]:
    """Execute every notebook and export each to HTML; returns the HTML paths."""
    html: list[Path] = []
    for nb in notebooks:
        executed = execute_notebook(nb, reports_dir / "notebooks", parameters, cwd)
        html.append(export_html(executed, reports_dir / f"{nb.stem}.html"))
    return html


_KEYS = ["fiscal_year", "item_id"]


def _measures_with_items(
    frames: Mapping[str, pd.DataFrame], measure_cols: list[str], item_cols: list[str], where=None
) -> pd.DataFrame:
    """Items' columns joined with chosen measure columns (rows filtered by `where`)."""
    measures = frames["item_measures"]
    if where is not None:
        measures = measures[where(measures)]
    items = frames["items"][[*_KEYS, *item_cols]]
    return items.merge(measures[[*_KEYS, *measure_cols]], on=_KEYS, validate="1:1")


def _items_overview(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    item_cols = ["goal_no", "area_no", "name", "owner_raw", "is_repost", "repost_of"]
    return _measures_with_items(
        frames, ["covid_effect", "plan_type", "plan_past_similarity"], item_cols
    )


def _covid_items(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    return _measures_with_items(
        frames,
        ["covid_effect", "covid_evidence"],
        ["name", "owner_raw"],
        where=lambda m: m["covid_effect"] != "none",
    )


def _plans(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    cols = ["plan_type", "plan_types_all", "plan_evidence", "plan_past_similarity"]
    return _measures_with_items(frames, cols, ["name"])


#: Sheets of summary.xlsx: Japanese sheet name → table builder over the processed frames.
SUMMARY_SHEETS: dict[str, Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame]] = {
    "読み込み状況": lambda f: f["documents"],
    "事業一覧": _items_overview,
    "コロナの影響": _covid_items,
    "今後の予定": _plans,
    "集計": lambda f: f["measure_counts"],
    "所管課別事業数": lambda f: f["workload_departments"],
    "部別事業数": lambda f: f["workload_divisions"],
    "所管別文字数": lambda f: f["text_volume"],
    "共同所管": lambda f: f["co_ownership"],
    "年度比較": lambda f: f["year_links"],
}


def summary_sheets(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables of summary.xlsx (year comparison only when there are two years)."""
    sheets = {name: build(frames) for name, build in SUMMARY_SHEETS.items()}
    if sheets["年度比較"].empty:
        del sheets["年度比較"]
    return sheets
