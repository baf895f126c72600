"""requirements.lock pins every dependency of pyproject.toml, within its range, with hashes,
and the environment the tests run in is the locked one (so the numbers are reproducible)."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\]+)", re.MULTILINE)


def _pins() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {canonicalize_name(name): ver for name, ver in _PIN.findall(text)}


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [Requirement(r) for r in names]


def test_every_declared_dependency_is_pinned_within_its_range():
    pins = _pins()
    for req in _declared():
        pinned = pins.get(canonicalize_name(req.name))
        assert pinned is not None, f"{req.name} is not in requirements.lock: run `make lock`"
        assert req.specifier.contains(pinned), f"{req.name}=={pinned} is outside {req.specifier}"


def test_every_pin_has_a_hash():
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / "requirements.lock").read_text("utf-8"))
    pinned = [b for b in blocks if _PIN.match(b)]
    assert len(pinned) == len(_pins()) > 50
    assert all("--hash=sha256:" in b for b in pinned)


def test_the_tests_run_on_the_locked_versions_of_the_core_libraries():
    pins = _pins()
    for name in ("pandas", "numpy", "fugashi", "unidic-lite", "matplotlib", "openpyxl"):
        assert version(name) == pins[name], (
            f"{name}: installed {version(name)}, locked {pins[name]}"
        )
