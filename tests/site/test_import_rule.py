"""Imports flow one way: apps may use the project package, the project package imports no app
(except ``metoo_site/urls.py``, which wires them together), and no app imports another.

Read from the source (every module, every import, including those inside functions), so a
forbidden import fails here before anyone runs the code path that holds it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "metoo_site"
WIRING = {Path("metoo_site/urls.py")}
# Every top-level package with an apps.py is an app; the project package is not.
APPS = sorted(p.parent.name for p in ROOT.glob("*/apps.py") if p.parent.name != PROJECT)


def imported_packages(path: Path, package: str) -> list[tuple[int, str]]:
    """(line, top-level package) of every import in a module of ``package``, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, package if node.level else (node.module or "").split(".")[0]))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value.split(".")[0]))
    return found


def forbidden_imports(package: str, *, root: Path = ROOT, apps: list[str] = APPS) -> list[str]:
    allowed = {PROJECT, package}
    problems = []
    for path in sorted((root / package).rglob("*.py")):
        relative = path.relative_to(root)
        if relative in WIRING:
            continue
        for line, name in imported_packages(path, package):
            if name in apps and name not in allowed:
                problems.append(f"{relative.as_posix()}:{line} imports {name}")
    return problems


def test_the_apps_are_found():
    assert {"resources", "stories", "staff"} <= set(APPS)


@pytest.mark.parametrize("package", [PROJECT, *APPS])
def test_imports_flow_one_way(package):
    assert forbidden_imports(package) == []


def test_the_rule_catches_hidden_relative_and_dynamic_imports(tmp_path):
    (tmp_path / PROJECT).mkdir()
    (tmp_path / PROJECT / "urls.py").write_text("import stories.urls\n", encoding="utf-8")
    (tmp_path / PROJECT / "views.py").write_text("def home():\n    from stories.models import Story\n")
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "models.py").write_text(
        "from . import forms\nfrom metoo_site.states import US_STATES\n"
        "import importlib\nimportlib.import_module('resources.geo')\n"
    )
    apps = ["resources", "stories"]
    assert forbidden_imports(PROJECT, root=tmp_path, apps=apps) == ["metoo_site/views.py:2 imports stories"]
    assert forbidden_imports("stories", root=tmp_path, apps=apps) == ["stories/models.py:4 imports resources"]
