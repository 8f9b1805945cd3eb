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
    for folder in ("geo", "pages", "ui"):
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
