import atexit
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import NamedTuple

import pytest

from burdenshare.data import DATA_DIR
from burdenshare.model.catalog import catalog

# the browser tests' shared fixtures (server, browser, page), in tests/browser_support.py
pytest_plugins = ["browser_support"]

# tests read English unless they ask for another language (the machine's locale may differ)
os.environ["BURDENSHARE_LANG"] = "en"
# tests read the bundled data only, never the overlay folder of whoever runs them (`burdenshare update`)
if "BURDENSHARE_DATA_DIR" not in os.environ:
    os.environ["BURDENSHARE_DATA_DIR"] = tempfile.mkdtemp(prefix="burdenshare-test-overlay-")
# the parsed data's cache (burdenshare/data/cache.py) in a folder of the session's own, not the user's
if "BURDENSHARE_CACHE_DIR" not in os.environ:
    os.environ["BURDENSHARE_CACHE_DIR"] = tempfile.mkdtemp(prefix="burdenshare-test-cache-")
    atexit.register(shutil.rmtree, os.environ["BURDENSHARE_CACHE_DIR"], True)


@pytest.fixture(scope="session")
def cat():
    return catalog("kr")


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the bundled data to spoil (a test adds a bad row and reads it)."""
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return root


@pytest.fixture
def overlay_folder(tmp_path, monkeypatch):
    """An empty overlay folder of this test's own (BURDENSHARE_DATA_DIR names it; it is not made yet)."""
    root = tmp_path / "overlay"
    monkeypatch.setenv("BURDENSHARE_DATA_DIR", str(root))
    return root


class Ran(NamedTuple):
    """What a command line run gave: its exit code and its two outputs."""

    code: int | str | None
    out: str
    err: str


@pytest.fixture
def cli(capsys):
    """Run burdenshare's command line in this process: `cli(["data", "-f", "json"])` is a Ran."""
    from burdenshare.cli import main
    from burdenshare.i18n import current, language

    def run(args: list[str]) -> Ran:
        try:
            with language(current()):  # `--lang ko` sets the language for the rest of the context: not past this run
                main(args)
            code: int | str | None = 0
        except SystemExit as exc:
            code = exc.code
        out = capsys.readouterr()
        return Ran(code, out.out, out.err)

    return run


@pytest.fixture
def update_file(tmp_path, overlay_folder, cli):
    """`burdenshare update SERIES --file F [options]` into the test's overlay folder, F a CSV of the
    given ``period,value`` rows written first: `update_file("cpi", ["2026,2.5"], "--dry-run")` is
    (the Ran, F)."""
    def update(series: str, rows: list[str], *options: str, name: str = "values.csv") -> tuple[Ran, Path]:
        path = tmp_path / name
        path.write_text("\n".join(["period,value", *rows]) + "\n", encoding="utf-8")
        return cli(["update", series, "--file", str(path), *options]), path

    return update


def _pg_url() -> str | None:
    return os.environ.get("BURDENSHARE_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """Each database test runs on SQLite and on PostgreSQL (a fresh database each time)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url = _pg_url()
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must run the database tests on PostgreSQL (scripts/test-services.sh starts one)")
        pytest.skip("no PostgreSQL server (run the suite through scripts/test-services.sh)")
    import psycopg

    name = "bs_" + uuid.uuid4().hex[:12]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
