"""The package layout shows the pipeline: stage packages in data-flow order, no import cycles.

Every import of one `ingest` module by another counts, at module level or inside a function: a
lazy import is still a dependency. A module may import its own stage, an earlier stage and
`ingest.common`; never a later stage. `ingest.pipeline`, `ingest.cli` and `ingest.airflow_plugin`
orchestrate, so they may import every stage and no stage imports them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ingest.common.settings import PACKAGE_DIR

# In the order data flows. The landing zone is the contract between the sources, which write it,
# and load, which reads it: it sits under both. Within the desk, the about-file helpers of
# `export` come first, then the saved questions, then what is built from them.
STAGES = (
    ("ingest.common",),
    ("ingest.landing",),
    ("ingest.sources",),
    ("ingest.load",),
    ("ingest.link",),
    ("ingest.gate",),
    ("ingest.publish",),
    ("ingest.desk.export",),
    ("ingest.desk.questions",),
    ("ingest.desk.site", "ingest.desk.explore"),
    ("ingest.desk",),
    ("ingest.pipeline", "ingest.cli", "ingest.airflow_plugin"),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))}


def imported(path: Path, name: str, known: set[str]) -> set[str]:
    """The `ingest` modules `path` (module `name`) imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            # `from ingest.load import bulk` imports the module ingest.load.bulk.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imported(path, name, set(found)) for name, path in found.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def stage_of(name: str) -> int | None:
    """The rank of the stage `name` belongs to (its longest matching prefix), or None."""
    best = None
    for rank, prefixes in enumerate(STAGES):
        for prefix in prefixes:
            if name == prefix or name.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (rank, len(prefix))
    return best[0] if best else None


def test_the_import_graph_has_no_cycle():
    assert find_cycle(import_graph()) is None, " -> ".join(find_cycle(import_graph()) or [])


def test_no_stage_imports_a_later_stage():
    late = [f"{name} imports {target}" for name, targets in sorted(import_graph().items())
            for target in sorted(targets) if stage_of(target) > stage_of(name)]
    assert late == []


def test_every_module_belongs_to_a_stage():
    assert [name for name in modules() if name != "ingest" and stage_of(name) is None] == []


@pytest.mark.parametrize("package", sorted(name for name, path in modules().items()
                                           if path.name == "__init__.py"))
def test_every_package_says_what_it_does(package):
    assert ast.get_docstring(ast.parse(modules()[package].read_text(encoding="utf-8")))


@pytest.mark.parametrize("stage", ["ingest.sources", "ingest.landing", "ingest.load", "ingest.link",
                                   "ingest.gate", "ingest.publish", "ingest.desk", "ingest.common",
                                   "ingest.pipeline"])
def test_every_stage_says_what_it_takes_and_leaves(stage):
    doc = ast.get_docstring(ast.parse(modules()[stage].read_text(encoding="utf-8")))
    assert "Takes:" in doc and "Leaves:" in doc, stage


def test_the_checks_find_a_cycle_and_a_late_import():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert stage_of("ingest.load.bulk") < stage_of("ingest.link.run")
    assert stage_of("ingest.desk.questions.ask") > stage_of("ingest.desk.export")
