"""Dependencies point inward: the core never imports the web stack, and Whoosh stays in its modules."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "searchsvc"
ADAPTERS = {"__init__", "api", "pages", "errors", "openapi", "schemas", "services", "cli", "__main__",
            "metrics", "logs", "gunicorn_conf", "atom"}
ENGINE_MODULES = {"analysis", "collect", "index", "query", "search", "snippets", "suggest"}
WEB = {"flask", "marshmallow", "werkzeug", "apispec", "flask_limiter", "click", "prometheus_client", "feedgen",
       "pythonjsonlogger"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def package_imports(path: Path) -> set[str]:
    """Modules of our own package that a module imports relatively (`from .services import x`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
    return found


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).with_suffix("").as_posix(), path


def test_core_modules_do_not_import_the_web_stack():
    offenders = {name: imported_roots(path) & WEB for name, path in modules()
                 if name not in ADAPTERS and imported_roots(path) & WEB}
    assert offenders == {}


def test_core_modules_do_not_import_the_adapters():
    offenders = {name: package_imports(path) & ADAPTERS for name, path in modules()
                 if name not in ADAPTERS and package_imports(path) & ADAPTERS}
    assert offenders == {}


def test_the_import_rules_see_relative_imports(tmp_path):
    core = tmp_path / "core.py"
    core.write_text("from .services import engine\nfrom . import api\n")
    assert package_imports(core) & ADAPTERS == {"services", "api"}


def test_whoosh_only_in_the_engine_modules():
    users = {name for name, path in modules() if "whoosh" in imported_roots(path)}
    assert users <= ENGINE_MODULES, users - ENGINE_MODULES


def test_spacy_only_in_entities():
    users = {name for name, path in modules() if "spacy" in imported_roots(path)
             or "import spacy" in path.read_text()}
    assert users == {"entities"}


def test_devtools_stand_apart_from_the_service_and_pytest():
    tools = Path(__file__).resolve().parent.parent / "devtools"
    imports = {path.name: imported_roots(path) & {"searchsvc", "pytest", "tests"} for path in tools.glob("*.py")}
    assert imports and not any(imports.values()), imports
