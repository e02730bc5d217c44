"""The import structure of `bot/`: no module imports itself back through others, and the command line loads no
chat front end (those are imported only inside the command that runs one)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
FRONT_END_PACKAGES = ("slack_bolt", "slack_sdk", "microsoft_teams", "uvicorn", "starlette", "websockets")


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_statements(tree: ast.Module, top_level: bool = True):
    """The module's import statements; with ``top_level``, only those that run when it is imported (not those
    inside functions or classes, nor under ``if TYPE_CHECKING:``)."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif top_level and isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
        elif not (top_level and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))):
            pending.extend(child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt))


def imported_modules(name: str, is_package: bool, tree: ast.Module, modules: set[str], top_level: bool = True) -> set[str]:
    """The modules of ``modules`` that module ``name`` imports (with ``top_level``, when it is imported)."""
    found = set()
    for node in import_statements(tree, top_level):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
            continue
        base = node.module or ""
        if node.level:  # a relative import: from the package holding this module
            package = name.split(".") if is_package else name.split(".")[:-1]
            base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
        found |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names}
    return found & modules


def import_graph(root: Path = BOT, top_level: bool = True) -> dict[str, set[str]]:
    """Each module under ``root`` and the modules under ``root`` it imports (with ``top_level``, when it is imported)."""
    files = {module_name(path, root): path for path in sorted(root.rglob("*.py"))}
    return {name: imported_modules(name, path.name == "__init__.py", ast.parse(path.read_text(encoding="utf-8")),
                                   set(files), top_level)
            for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Cycles of imports, each as a path that ends where it starts; none when the graph has no cycle."""
    found, state = [], {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        path.append(module)
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                found.append(path[path.index(imported):] + [imported])
            elif imported not in state:
                visit(imported, path)
        path.pop()
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    return found


def test_no_module_inside_bot_imports_itself_back():
    graph = import_graph()
    assert "bot.cli" in graph and graph["bot.cli"], "the walk found the command line and what it imports"
    assert cycles(graph) == []


def test_only_the_command_line_imports_the_command_line():
    """Front ends and the library never reach back into the CLI, not even inside a function."""
    users = {name for name, imported in import_graph(top_level=False).items()
             if any(m == "bot.cli" or m.startswith("bot.cli.") for m in imported)}
    assert "bot.__main__" in users
    assert {name for name in users if name != "bot.cli" and not name.startswith("bot.cli.")} == {"bot.__main__"}


def test_the_cycle_finder_finds_a_cycle(tmp_path):
    package = tmp_path / "bot"
    (package / "front").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "front" / "__init__.py").write_text("")
    (package / "front" / "commands.py").write_text("def f():\n    from bot import engine\nfrom . import bridge\n")
    (package / "front" / "bridge.py").write_text("if True:\n    from ..cli import main\n")
    (package / "engine.py").write_text("from bot.cli import main\n")
    (package / "typed.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot import cli\n")
    (package / "hints.py").write_text("import bot.typed\n")
    (package / "cli.py").write_text("import json\nfrom bot.front import commands\nfrom bot import hints\n")
    graph = import_graph(package)
    assert graph["bot.front.commands"] == {"bot.front.bridge"}  # the import inside a function does not count
    assert graph["bot.typed"] == set()  # nor one for type checkers only
    assert import_graph(package, top_level=False)["bot.front.commands"] == {"bot.engine", "bot.front.bridge"}
    assert cycles(graph) == [["bot.cli", "bot.front.commands", "bot.front.bridge", "bot.cli"]]


def test_the_command_line_loads_no_chat_front_end():
    loaded = subprocess.run(
        [sys.executable, "-c", "import json, sys, bot.cli; print(json.dumps(sorted(sys.modules)))"],
        cwd=BOT.parent, capture_output=True, text=True, check=True)
    modules = json.loads(loaded.stdout)
    assert "bot.cli" in modules and "click" in modules
    assert [m for m in modules if m.split(".")[0] in FRONT_END_PACKAGES] == []


def test_no_chat_front_end_imports_another():
    """What Slack and Teams share lives in the library (bot.inbound, bot.guide, bot.render), not in one of them."""
    graph = import_graph(top_level=False)
    fronts = ("bot.slack", "bot.teams")
    reaching = {(name, m) for name, imported in graph.items() for m in imported
                for own in fronts if name.startswith(own) for other in fronts
                if other != own and (m == other or m.startswith(other + "."))}
    assert any(name.startswith("bot.teams") for name in graph), "the walk found the Teams front end"
    assert reaching == set()
