"""Checks a Python snippet from docs/agent-protocol.md against the generated agent-contract code:
it must parse, and every attribute it takes from a generated module must exist there.

Usage: check_skeleton.py   (stdin: the snippet; exit 0 and "ok", or exit 1 naming what is missing)
"""
import ast
import importlib
import sys


def main() -> int:
    tree = ast.parse(sys.stdin.read(), filename="docs/agent-protocol.md")
    modules = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("microfactory."):
            for alias in node.names:
                modules[alias.asname or alias.name] = importlib.import_module(f"{node.module}.{alias.name}")

    missing = [
        f"{node.value.id}.{node.attr} (line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
        and not hasattr(modules[node.value.id], node.attr)
    ]
    if not modules:
        print("the snippet imports nothing from the contract", file=sys.stderr)
        return 1
    if missing:
        print("not in the generated code: " + ", ".join(missing), file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
