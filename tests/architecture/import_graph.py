"""The project's apps as a graph: app → apps whose modules it imports (inline imports included)."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "ssehub"
KERNEL = "core"


def app_names() -> list[str]:
    return sorted(path.parent.name for path in SRC.glob("*/apps.py"))


def imported_apps(path: Path, apps: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if len(parts) >= 2 and parts[0] == "ssehub" and parts[1] in apps:
                found.add(parts[1])
    return found


def import_graph() -> dict[str, set[str]]:
    apps = set(app_names())
    graph: dict[str, set[str]] = {app: set() for app in apps}
    for app in apps:
        for path in (SRC / app).rglob("*.py"):
            graph[app] |= imported_apps(path, apps) - {app}
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one app (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)
