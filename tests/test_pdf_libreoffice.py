"""A PDF from another producer: the seed workbook printed by LibreOffice (committed fixture,
made by tests/fixtures/pdf/make_libreoffice_pdf.py). It was checked once before it became a
test, as a held-out print the PDF reader had not been built on: it loads to the same items
as the workbook it was printed from."""

from __future__ import annotations

import warnings

from plan_analysis.errors import PlanAnalysisWarning
from plan_analysis.load import load_table

from .conftest import FIXTURES, ref

PDF = FIXTURES / "pdf" / "r3_libreoffice.pdf"
XLSX = FIXTURES / "pdf" / "r3_libreoffice.xlsx"
COLUMNS = ["name", "owner_raw", "content", "past_efforts", "plans", "goal_no", "area_no"]


def test_a_libreoffice_print_loads_as_its_workbook():
    with warnings.catch_warnings():
        warnings.simplefilter("error", PlanAnalysisWarning)  # no warning at all
        pdf = load_table(PDF, ref().load)
        xlsx = load_table(XLSX, ref().load)
    assert len(pdf.items) == 75 and int(pdf.items["is_repost"].sum()) == 2
    assert pdf.items[COLUMNS].astype(str).equals(xlsx.items[COLUMNS].astype(str))
    assert pdf.sections.drop(columns=[]).equals(xlsx.sections)
    assert (
        pdf.items["source_sheet"].iat[0] == "p.1" and pdf.documents["source_format"].iat[0] == "pdf"
    )
