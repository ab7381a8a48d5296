"""Dependencies point one way, down the layers: ingest <- entities <- index <- search <- web.

The rules are import-linter contracts in pyproject.toml ([tool.importlinter]), which scripts/lint
checks too: each layer is a subpackage of searchsvc importing only from the layers before it; only
web reads the settings, and the settings import nothing of ours; nothing outside web imports it
(the CLI's modules included); the web stack (Flask, marshmallow, click...) stays in web and the
entry points, Whoosh in index and search, spaCy in entities/ner.py. Here each contract is run, shown
to catch a wrong import, and what a contract cannot say is checked: no module beside the layers,
devtools apart."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "searchsvc"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
LAYERS = ("ingest", "entities", "index", "search", "web")
# top-level modules beside the layers and the settings: the CLI's (cli*.py) may import any layer but web
ENTRY_POINTS = {"__init__", "__main__", "gunicorn_conf"}


def contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def lint_imports(contract: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """lint-imports on one contract of the project's configuration, for the package found from `cwd`."""
    command = [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--contract", contract, str(ROOT / "pyproject.toml")]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("contract", [contract["id"] for contract in contracts()])
def test_each_contract_holds(contract):
    run = lint_imports(contract)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_layer_contract_sees_relative_and_absolute_imports(tmp_path):
    fake = tmp_path / "searchsvc"
    for layer in LAYERS:
        (fake / layer).mkdir(parents=True)
        (fake / layer / "__init__.py").write_text("")
    (fake / "__init__.py").write_text("")
    for module in ("web/api.py", "web/pages.py", "web/services.py", "search/facets.py", "index/schema.py"):
        (fake / module).write_text("")
    (fake / "search" / "ranked.py").write_text(
        "from ..web.services import engine\nfrom ..web import api\nfrom searchsvc.web import pages\n"
        "from . import facets\nfrom ..index.schema import open_dir\n"
    )
    run = lint_imports("layers", cwd=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    found = set(re.findall(r"searchsvc\.search\.ranked -> (searchsvc\.[\w.]+)", run.stdout))
    assert found == {"searchsvc.web.api", "searchsvc.web.pages", "searchsvc.web.services"}, run.stdout


def test_no_module_left_beside_the_layers():
    top = {path.stem for path in PACKAGE.glob("*.py") if not path.stem.startswith("cli")}
    top |= {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert top == set(LAYERS) | ENTRY_POINTS | {"settings"}, top - set(LAYERS)


def imported_roots(path: Path) -> set[str]:
    """Top-level names of the outside packages a module imports."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_devtools_stand_apart_from_the_service_and_pytest():
    tools = ROOT / "devtools"
    imports = {path.name: imported_roots(path) & {"searchsvc", "pytest", "tests"} for path in tools.glob("*.py")}
    assert imports and not any(imports.values()), imports
