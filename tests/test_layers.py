"""The architecture holds: layers import only downwards, interfaces are independent, the web never
reads user files, and only the CLI speaks of flags."""

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
