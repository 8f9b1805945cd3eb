"""Project conventions that a test can hold (design §6)."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_geo_never_imports_streamlit() -> None:
    offenders = [p.relative_to(REPO) for p in (REPO / "geo").rglob("*.py")
                 if {"streamlit", "streamlit_folium", "ui"} & _imports(p)]
    assert offenders == []


def test_nothing_outside_scripts_reads_shared() -> None:
    # The project's research folder sits beside the checkout; a user's clone has none of it.
    shared = "/".join(("..", "shared"))  # spelled apart so this file does not match itself
    offenders = [path.relative_to(REPO)
                 for folder in ("geo", "pages", "ui", "tests", "benchmarks")
                 for path in (REPO / folder).rglob("*.py")
                 if shared in path.read_text(encoding="utf-8")]
    if shared in (REPO / "app.py").read_text(encoding="utf-8"):
        offenders.append(Path("app.py"))
    assert offenders == []


def test_requirements_are_pinned() -> None:
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (REPO / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert "==" in line, f"{name}: {line} is not pinned"


def test_streamlit_config_sends_no_statistics() -> None:
    config = (REPO / ".streamlit" / "config.toml").read_text()
    assert "gatherUsageStats = false" in config
    assert "headless = true" in config


def test_every_label_key_used_exists_in_both_languages_nfc() -> None:
    import re
    import unicodedata

    from geo.core.labels import LABELS

    for key, (vi, en) in LABELS.items():
        assert vi.strip() and en.strip(), key
        assert unicodedata.normalize("NFC", vi) == vi, key
    used: set[str] = set()
    pattern = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']""")
    for folder in ("geo", "app_pages", "ui"):
        for path in (REPO / folder).rglob("*.py"):
            used.update(pattern.findall(path.read_text(encoding="utf-8")))
    used.update(pattern.findall((REPO / "app.py").read_text(encoding="utf-8")))
    assert len(used) > 50  # the scan finds the app's labels
    used = {k for k in used if not k.endswith("_")}  # prefixes of keys built at run time
    assert sorted(used - set(LABELS)) == []


def test_labels_built_from_domain_values_exist() -> None:
    from geo.core.labels import LABELS
    from geo.core.schema import (
        GEOMETRY_QUALITIES,
        HOUSING_STATUSES,
        KINDS,
        LOCATION_PRECISIONS,
        ZONE_STATUSES,
    )

    expected = ([f"status_{s}" for s in ZONE_STATUSES] + [f"kind_{k}" for k in KINDS]
                + [f"housing_status_{s}" for s in HOUSING_STATUSES]
                + [f"quality_{q}" for q in GEOMETRY_QUALITIES]
                + [f"precision_{p}" for p in LOCATION_PRECISIONS])
    assert [k for k in expected if k not in LABELS] == []


# ---------------------------------------------------------------------------------------------
# Layers (design §5), read from the imports (ast), so they stay true.
RANK = {"errors": 0, "settings": 0, "core": 1, "accounts": 2, "store": 3, "imports": 4,
        "exports": 4, "maps": 5, "present": 5, "cli": 6}
"""Rank of each part of geo/: a module never imports a part of higher rank. geo/cli may import
anything; app.py, app_pages/ and ui/ sit above geo/cli and are not part of geo/."""

LAYER_AND_SIZE_ALLOWED: set[str] = set()
"""Modules allowed to break the layer or size rule: none (keep it so)."""
MAX_LINES = 500


def _geo_modules() -> dict[str, Path]:
    out = {}
    for path in sorted((REPO / "geo").rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _geo_imports(path: Path) -> list[tuple[str, bool]]:
    """(imported geo module, inside a function?) for every ``geo`` import of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(sub) for sub in ast.walk(node) if sub is not node)
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        found += [(n, id(node) in in_function) for n in names if n.split(".")[0] == "geo"]
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The geo module ``name`` refers to (``geo.core.text.fold`` → ``geo.core.text``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _module_graph() -> dict[str, set[str]]:
    modules = _geo_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = {_resolve(n, modules) for n, _ in _geo_imports(path)}
        graph[name] = {t for t in targets if t and t != name and t != "geo"}
    return graph


def test_every_part_of_geo_has_a_rank() -> None:
    parts = {_part(m) for m in _geo_modules()} - {None, "__main__"}
    assert sorted(parts - set(RANK)) == []


def test_lower_layers_never_import_higher_ones() -> None:
    offenders = []
    for module, targets in _module_graph().items():
        part = _part(module)
        if part not in RANK or part == "cli" or module in LAYER_AND_SIZE_ALLOWED:
            continue
        offenders += [(module, t) for t in sorted(targets)
                      if _part(t) in RANK and RANK[_part(t) or ""] > RANK[part]]
    assert offenders == []


def test_core_and_accounts_import_only_core_errors_settings() -> None:
    allowed = {"core", "errors", "settings"}
    offenders = [(m, t) for m, targets in _module_graph().items() if _part(m) == "core"
                 for t in targets if _part(t) not in allowed]
    offenders += [(m, t) for m, targets in _module_graph().items() if _part(m) == "accounts"
                  for t in targets if _part(t) not in allowed | {"accounts"}]
    assert offenders == []


def test_no_import_cycle_in_geo() -> None:
    graph = _module_graph()
    cycles = []
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt.startswith(node + ".") or node.startswith(nxt + "."):
                continue  # a package and its own modules
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


def test_no_function_level_geo_import_outside_cli() -> None:
    # geo/cli imports a subcommand's modules when that subcommand runs (start-up time of
    # `python -m geo`): the one place allowed. Elsewhere a function-level import would only
    # hide an import cycle or a layer break from the tests above.
    offenders = [(m, n) for m, path in _geo_modules().items() if _part(m) != "cli"
                 for n, inside in _geo_imports(path) if inside]
    assert offenders == []


def test_packages_list_their_public_modules() -> None:
    for package in sorted((REPO / "geo").iterdir()):
        init = package / "__init__.py"
        if not init.is_file():
            continue
        tree = ast.parse(init.read_text(encoding="utf-8"))
        listed: list[str] = []
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
                listed = list(ast.literal_eval(node.value))
        modules = {p.stem for p in package.glob("*.py") if p.name != "__init__.py"}
        public = {m for m in modules if not m.startswith("_")}
        assert sorted(public - set(listed)) == [], f"{package.name}: not in __all__"
        assert not {m for m in listed if m.startswith("_")}, package.name
        assert all(m in modules or hasattr(__import__(f"geo.{package.name}",
                                                      fromlist=[m]), m) for m in listed)


def test_no_module_over_500_lines() -> None:
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines())
             for m, p in _geo_modules().items() if m not in LAYER_AND_SIZE_ALLOWED}
    assert {m: n for m, n in sizes.items() if n > MAX_LINES} == {}


def test_allow_list_names_existing_modules() -> None:
    assert set(_geo_modules()) >= LAYER_AND_SIZE_ALLOWED


def test_map_code_raises_project_errors() -> None:
    # A bad option of a map builder is a geo.errors exception (pages catch only those).
    offenders = [p.relative_to(REPO) for p in (REPO / "geo" / "maps").rglob("*.py")
                 if "raise ValueError" in p.read_text(encoding="utf-8")]
    assert offenders == []
