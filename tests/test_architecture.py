"""Dependencies point one way, down the layers: ingest <- entities <- index <- search <- web.

Each layer is a subpackage of searchsvc and imports only from the layers before it; the web stack
(Flask, marshmallow, click...) stays in `web` and the entry points at the top; Whoosh stays in `index`
and `search`; spaCy in `entities/ner.py`."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "searchsvc"
LAYERS = ("ingest", "entities", "index", "search", "web")
# top-level modules that may import anything
ENTRY_POINTS = {
    "__init__",
    "__main__",
    "cli",
    "cli_entities",
    "cli_generations",
    "cli_journal",
    "cli_quotes",
    "gunicorn_conf",
}
WEB = {
    "flask",
    "marshmallow",
    "werkzeug",
    "apispec",
    "flask_limiter",
    "click",
    "prometheus_client",
    "feedgen",
    "pythonjsonlogger",
}


def modules():
    """(dotted name inside searchsvc, path) of every module: `search.ranked`, `ingest.readers`, `cli`."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        yield ".".join(parts), path


def imported_roots(path: Path) -> set[str]:
    """Top-level names of the outside packages a module imports."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def own_imports(path: Path, name: str) -> set[str]:
    """Dotted names inside searchsvc that a module imports, relative (`from ..index import schema`)
    or absolute (`from searchsvc.web import api`); a name imported from a package counts as its module."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".", 1)[1] for a in node.names if a.name.startswith("searchsvc."))
            continue
        if not isinstance(node, ast.ImportFrom):
            continue
        module = (node.module or "").split(".") if node.module else []
        if node.level:
            target = package[: len(package) - node.level + 1] + module
        elif module[:1] == ["searchsvc"]:
            target = module[1:]
        else:
            continue
        if not target or PACKAGE.joinpath(*target).is_dir():
            found.update(".".join(target + [alias.name]) for alias in node.names)
        else:
            found.add(".".join(target))
    return found


def layer(name: str) -> str:
    return name.split(".")[0]


def allowed(importer: str, target: str) -> bool:
    """May module `importer` import `target`? Only from its own layer or one before it."""
    if layer(importer) in ENTRY_POINTS:
        return True
    if layer(target) not in LAYERS:  # a top-level module: only web may read the settings
        return layer(importer) == "web" and target == "settings"
    if layer(importer) not in LAYERS:  # settings imports nothing of ours
        return False
    return LAYERS.index(layer(target)) <= LAYERS.index(layer(importer))


def test_each_layer_imports_only_the_layers_before_it():
    offenders = {name: sorted(t for t in own_imports(path, name) if not allowed(name, t)) for name, path in modules()}
    assert {name: targets for name, targets in offenders.items() if targets} == {}


def test_the_layer_rule_sees_relative_and_absolute_imports(tmp_path):
    core = tmp_path / "ranked.py"
    core.write_text(
        "from ..web.services import engine\nfrom ..web import api\nfrom searchsvc.web import pages\n"
        "from . import facets\nfrom ..index.schema import open_dir\n"
    )
    found = own_imports(core, "search.ranked")
    assert found == {"web.services", "web.api", "web.pages", "search.facets", "index.schema"}
    assert [t for t in sorted(found) if not allowed("search.ranked", t)] == ["web.api", "web.pages", "web.services"]


def test_only_web_and_the_entry_points_import_the_web_stack():
    offenders = {
        name: imported_roots(path) & WEB
        for name, path in modules()
        if layer(name) not in {"web"} | ENTRY_POINTS and imported_roots(path) & WEB
    }
    assert offenders == {}


def test_whoosh_only_in_index_and_search():
    users = {name for name, path in modules() if "whoosh" in imported_roots(path)}
    assert users and {layer(name) for name in users} <= {"index", "search"}, users


def test_spacy_only_in_ner():
    users = {name for name, path in modules() if "spacy" in imported_roots(path) or "import spacy" in path.read_text()}
    assert users == {"entities.ner"}


def test_no_module_left_beside_the_layers():
    top = {name for name, _ in modules() if "." not in name}
    assert top == set(LAYERS) | ENTRY_POINTS | {"settings"}, top - set(LAYERS)


def test_devtools_stand_apart_from_the_service_and_pytest():
    tools = Path(__file__).resolve().parent.parent / "devtools"
    imports = {path.name: imported_roots(path) & {"searchsvc", "pytest", "tests"} for path in tools.glob("*.py")}
    assert imports and not any(imports.values()), imports
