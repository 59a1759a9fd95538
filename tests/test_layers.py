"""The architecture holds: layers import only downwards, interfaces are independent, the web never
reads user files, and only the CLI speaks of flags."""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "burdenshare"


def test_import_linter_contracts_hold():
    exe = Path(sys.executable).parent / "lint-imports"
    cmd = [str(exe)] if exe.exists() else [shutil.which("lint-imports")]
    p = subprocess.run(cmd, check=False, capture_output=True, text=True, cwd=SRC.parents[1])
    assert p.returncode == 0, p.stdout + p.stderr
    assert "0 broken" in p.stdout and "3 kept" in p.stdout


FLAG = re.compile(r"""["'][^"']*(?<![\w-])--[a-z][a-z-]+""")


def test_no_flag_text_below_the_cli():
    """Errors and messages below the CLI name request fields; the CLI maps them to flags."""
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "cli":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FLAG.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_no_host_or_currency_named_in_code():
    """Hosts and currencies are data: no code below the data compares against a host id or a
    currency code."""
    pattern = re.compile(r"""(==|!=|\bin\b)\s*\(?\s*["'](kr|jp|KRW|JPY|won|yen)["']|["'](kr|jp|KRW|JPY)["']\s*(==|!=)""")
    offenders = []
    for path in SRC.rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


# Files whose ids are known and waiting for a change (none today).
KNOWN_ELSEWHERE: set[str] = set()
# A string that names an id for a reason other than the data's: (file, the string)
NOT_THE_DATA = {
    ("ops/providers.py", "kr"),  # the Bank of Korea API's language parameter (ko/en are "kr"/"en" there), not the host
}


def data_ids() -> dict[str, set[str]]:
    """Every id the bundled data defines: hosts, currencies, agreements (and aliases), negotiation
    cases, scenarios and series, read from the data files."""
    import yaml

    data = SRC / "data"

    def ids(folder: str) -> set[str]:
        out = set()
        for p in (data / folder).rglob("*.yaml"):
            doc = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
            if isinstance(doc, dict) and isinstance(doc.get("id"), str):
                out.add(doc["id"])
                out.update(a for a in doc.get("aliases") or [] if isinstance(a, str))
        return out

    return {
        "host": ids("hosts"),
        "currency": set(yaml.safe_load((data / "currencies.yaml").read_text(encoding="utf-8"))),
        "agreement": ids("agreements"),
        "case": ids("negotiations"),
        "scenario": ids("scenarios"),
        "series": {p.stem for p in (data / "series").rglob("*.csv")},
    }


def _code_strings(tree: ast.AST) -> list[tuple[int, str]]:
    """The string constants of a module that are code (not docstrings), with their lines."""
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            docs.add(id(node.value))  # a docstring, or a bare string standing as a comment
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs]


def test_no_id_of_the_data_named_in_code():
    """No code below the data names an id the data defines (a host, a currency, an agreement, a
    negotiation case, a scenario, a series): they come from the data files. Docstrings and
    comments may give examples; strings in code may not."""
    ids = data_ids()
    assert all(ids.values()), ids  # the data was read
    every = sorted({i for group in ids.values() for i in group}, key=len, reverse=True)
    # an id as a word of its own: not part of a longer name, nor a web address's domain (.kr, .jp)
    pattern = re.compile(r"(?<![A-Za-z0-9_.-])(" + "|".join(map(re.escape, every)) + r")(?![A-Za-z0-9_-])")
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("data/") or rel in KNOWN_ELSEWHERE:
            continue
        for n, text in _code_strings(ast.parse(path.read_text(encoding="utf-8"))):
            for m in pattern.finditer(text):
                if (rel, m.group(1)) not in NOT_THE_DATA:
                    offenders.append(f"{rel}:{n}: {m.group(1)!r} in {text[:80]!r}")
    assert not offenders, "\n".join(offenders)


def test_the_package_offers_exactly_the_api_functions():
    """burdenshare lists the API's functions without importing it (API_NAMES); api.__all__ is built from
    that list, and every public function of the API is in it."""
    import inspect

    import burdenshare
    from burdenshare import api

    public = {n for n, f in vars(api).items() if inspect.isfunction(f) and f.__module__ == api.__name__ and not n.startswith("_")}
    assert set(burdenshare.API_NAMES) == public
    assert set(api.__all__) == public | {"InputError", "UnknownNameError"}
    assert all(getattr(burdenshare, n) is getattr(api, n) for n in burdenshare.API_NAMES)
