"""The package's structure: wings that follow the pipeline, arrows pointing down it only,
no import cycles, default paths resolved only at the edges, reference files named once,
and the README's output tables exactly the schema's."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from plan_analysis import reference, schema

from .conftest import ROOT

PACKAGE = ROOT / "src" / "plan_analysis"

#: The pipeline's order: a module may import its own layer's modules and those before it.
LAYERS: dict[str, int] = {
    # the base every wing stands on
    "errors": 0, "config": 0, "schema": 0, "analyst_files": 0, "outputs": 0, "output_sets": 0, "labels": 0,
    "caching": 0,
    # the wings, in the order of the pipeline
    "load": 1, "text": 2, "measures": 3, "years": 4, "report": 5,
    # the top: reading the reference folder, wiring the stages, the command line
    "reference": 6, "pipeline": 6, "cli": 7,
}  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The plan_analysis modules `path` imports (relative imports resolved)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if module_path(candidate) else target)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {m for m in found if m.split(".")[0] == "plan_analysis"}


def module_path(name: str) -> Path | None:
    relative = Path(*name.split(".")[1:])
    for candidate in (PACKAGE / relative.with_suffix(".py"), PACKAGE / relative / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def layer(name: str) -> int:
    parts = name.split(".")
    return LAYERS[parts[1]] if len(parts) > 1 else -1


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_layer():
    assert all(
        len(module_name(p).split(".")) == 1 or module_name(p).split(".")[1] in LAYERS
        for p in MODULES
    )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_point_down_the_pipeline(path):
    name = module_name(path)
    upward = [m for m in imports(path) if layer(m) > layer(name)]
    assert upward == [], f"{name} imports {upward}"


def test_no_import_cycles():
    graph = {module_name(p): {m for m in imports(p) if module_path(m)} for p in MODULES}
    # a package's face imports its modules; the modules may not import the face back
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt == "plan_analysis":
                continue
            if state.get(nxt) == 1:
                raise AssertionError(" → ".join([*trail, node, nxt]))
            if not state.get(nxt):
                visit(nxt, [*trail, node])
        state[node] = 2

    for node in sorted(graph):
        if not state.get(node):
            visit(node, [])


def test_the_command_line_imports_no_heavy_library_before_a_command_runs():
    """`plan-analysis --help` (and a mistyped command) answers at once: importing the
    command line loads neither pandas, numpy, pyarrow nor the progress bar."""
    heavy = ("pandas", "numpy", "pyarrow", "tqdm", "fugashi", "scipy", "matplotlib")
    code = f"import sys, plan_analysis.cli; print([m for m in {heavy!r} if m in sys.modules])"
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"


def test_the_main_job_and_the_notebooks_setup_import_no_scipy():
    """scipy (0.5–0.8 s) is imported by the analyses that need it, when they run: not by
    the per-file workers of `process` (pipeline, text, measures) nor by a notebook's
    `from plan_analysis import report`."""
    code = (
        "import sys, plan_analysis.pipeline, plan_analysis.text, plan_analysis.report; "
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith('scipy')}))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"


def _names_used(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
    }


def test_default_paths_are_resolved_only_by_the_command_line_and_config():
    using = {module_name(p) for p in MODULES if "default_paths" in _names_used(p)}
    assert using == {"plan_analysis.cli"}  # config defines it


def _string_constants(path: Path) -> set[str]:
    """String literals of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    }


def test_reference_file_names_are_written_in_one_module():
    for path in MODULES:
        if module_name(path) == "plan_analysis.reference":
            continue
        constants = _string_constants(path)  # parsed once per module, not once per file name
        named = [f for f in reference.REFERENCE_FILES if any(f in s for s in constants)]
        assert named == [], f"{module_name(path)} names {named}"


def test_every_shipped_default_is_a_reference_file():
    shipped = {p.name for p in reference.default_folder().iterdir()}
    assert shipped == set(reference.REFERENCE_FILES)


def test_ensure_reference_creates_what_is_missing_and_keeps_edits(tmp_path):
    folder = tmp_path / "data" / "reference"
    created = reference.ensure_reference(folder)
    assert {p.name for p in created} == set(reference.REFERENCE_FILES)
    (folder / "departments.csv").write_text("department,division,owner_level,source\n", "utf-8")
    (folder / "stop_words.txt").unlink()
    again = reference.ensure_reference(folder)
    assert [p.name for p in again] == ["stop_words.txt"]
    assert (folder / "departments.csv").read_text(
        "utf-8"
    ) == "department,division,owner_level,source\n"


# --- the README's tables are the schema's -------------------------------------------------


def readme_tables() -> dict[str, list[str]]:
    """Table name → the columns the README's "Outputs" table lists for it, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Outputs", 1)[1].split("\n## ", 1)[0]
    tables = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        name = re.match(r"`([a-z_]+)`", cells[0])
        if len(cells) == 3 and name:
            tables[name[1]] = re.findall(r"`([a-z0-9_<>]+)`", cells[2])
    return tables


def test_readme_lists_every_table_with_exactly_its_columns():
    declared = {
        name: [c.name for c in schema._expected(table)] for name, table in schema.TABLES.items()
    }
    assert readme_tables() == declared
