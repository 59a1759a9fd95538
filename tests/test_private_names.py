"""No private name crosses a module: `from x import _name` and `x._name` (where x is another module of
the package) are refused everywhere in src/. A name a module keeps to itself can change without
looking for its users; what another module needs is public (in its ``__all__`` or at least without
the leading underscore). ``_`` and ``_n`` (the gettext functions) are public by convention."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "burdenshare"
ALLOWED = {"_", "_n"}
# Known exceptions, each with the reason (none today).
KNOWN: set[tuple[str, str, str]] = set()


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(mod: str, is_package: bool, level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    base = mod.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in ALLOWED


def crossings() -> list[tuple[str, str, str]]:
    """(file, module, name) for each private name one module takes from another."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        mod = _module(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # names bound to other modules of the package in this file: alias -> module
        modules: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _resolve(mod, path.name == "__init__.py", node.level, node.module)
                if not source.startswith("burdenshare"):
                    continue
                for a in node.names:
                    if _private(a.name) and source != mod:
                        found.append((rel, source.removeprefix("burdenshare."), a.name))
                    modules[a.asname or a.name] = f"{source}.{a.name}"
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.startswith("burdenshare"):
                        modules[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name)
                    and node.value.id in modules and _is_module(modules[node.value.id])):
                found.append((rel, modules[node.value.id].removeprefix("burdenshare."), node.attr))
    return found


def _is_module(dotted: str) -> bool:
    rel = Path(*dotted.split(".")[1:]) if "." in dotted else Path()
    return (SRC / rel).with_suffix(".py").is_file() or (SRC / rel / "__init__.py").is_file()


def test_no_private_name_crosses_a_module() -> None:
    found = [c for c in crossings() if c not in KNOWN]
    assert not found, "private names used across modules (make them public): " + ", ".join(
        f"{f}: {m}.{n}" for f, m, n in found)


def test_the_checker_sees_both_forms(tmp_path: Path) -> None:
    """The walk finds `from .x import _y` and `x._y` (a check that can fail)."""
    tree = ast.parse("from .common import _amount\nfrom . import common\ncommon._amount(1)\n")
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names]
    attrs = [n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)]
    assert "_amount" in names and "_amount" in attrs and _private("_amount") and not _private("_")
    assert _resolve("burdenshare.ops.rooms", False, 1, "common") == "burdenshare.ops.common"
    assert _resolve("burdenshare.ops", True, 1, "common") == "burdenshare.ops.common"
    assert _resolve("burdenshare.web.routes.rooms", False, 3, "ops") == "burdenshare.ops"


def test_an_error_is_placed_with_its_field_not_patched() -> None:
    """`InputError.at` builds a new error of the same class at the field; the original is unchanged,
    and nothing in src/ writes an error's private field from outside errors.py."""
    from burdenshare.errors import DataFileError, InputError, UnknownNameError

    exc = UnknownNameError("host", "xx", ["kr"], where="host")
    moved = exc.at("hosts[2]")
    assert type(moved) is UnknownNameError and moved.where == "hosts[2]" and exc.where == "host"
    assert moved.name == "xx" and moved.status == 404 and moved.detail == exc.detail
    named = InputError("bad", where="a").at("b", field="the b")
    assert (named.where, named.field_name) == ("b", "the b")
    assert DataFileError("f.yaml", "bad", line=3).at("x").where == "x"
    patched = [f"{p.relative_to(SRC)}:{n}" for p in SRC.rglob("*.py") if p.name != "errors.py"
               for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
               if "._where =" in line or "._field =" in line]
    assert not patched, patched
