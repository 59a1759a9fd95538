"""The cache of the parsed bundled data (data/cache.py): what it returns is what parsing gives, a
change to a file gives a new key, and a missing, broken or unwritable cache only costs a rebuild."""

import os
import pickle

import pytest

from burdenshare.data import DATA_DIR, cache
from burdenshare.model import catalog as catalog_module
from burdenshare.model.overlay import fingerprint
from burdenshare.ops import figures


@pytest.fixture
def folder(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(where))
    return where


def test_a_cached_catalog_equals_the_catalog_parsed_from_the_files(folder):
    for host in ("kr", "jp"):
        built = catalog_module._cached.__wrapped__(host, catalog_module.data_roots(), fingerprint())  # parses and writes
        read = catalog_module._cached.__wrapped__(host, catalog_module.data_roots(), fingerprint())  # reads the file
        assert read is not built and read == built == catalog_module.load_catalog(host)
    assert len(list(folder.glob("catalog-kr-*.pickle"))) == 1


def test_a_schedule_from_the_cached_catalog_is_the_same(folder, monkeypatch):
    catalog_module._cached.cache_clear()
    try:
        catalog_module.catalog("kr")  # parsed, and written to the cache
        catalog_module._cached.cache_clear()
        cached = figures.schedule(figures.ScheduleRequest(agreement="sma-12", overrides={"cpi": {2027: 3.1}}))
        monkeypatch.setenv(cache.ENV, "")  # no cache: parsed from the files
        catalog_module._cached.cache_clear()
        parsed = figures.schedule(figures.ScheduleRequest(agreement="sma-12", overrides={"cpi": {2027: 3.1}}))
    finally:
        catalog_module._cached.cache_clear()
    assert cached.to_dict() == parsed.to_dict()
    assert repr(cached.frame_rows()) == repr(parsed.frame_rows())  # (NaN where the DataFrame has NaN)


def test_the_key_follows_the_content_of_the_files(tmp_path):
    a = tmp_path / "a.yaml"
    a.write_text("x: 1\n")
    first = cache.digest([a, tmp_path / "missing.csv"])
    assert cache.digest([a, tmp_path / "missing.csv"]) == first
    a.write_text("x: 2\n")
    assert cache.digest([a, tmp_path / "missing.csv"]) != first
    (tmp_path / "missing.csv").write_text("")
    a.write_text("x: 1\n")
    assert cache.digest([a, tmp_path / "missing.csv"]) != first  # an empty file is not a missing one
    assert cache.digest([a], "one") != cache.digest([a], "two")


def test_a_changed_data_file_rebuilds_the_cached_result(tmp_path, folder):
    src = tmp_path / "vocabulary.yaml"
    src.write_text("status:\n  published: {en: published}\n", encoding="utf-8")
    assert cache.yaml_file(src) == {"status": {"published": {"en": "published"}}}
    src.write_text("status:\n  published: {en: stated}\n", encoding="utf-8")
    assert cache.yaml_file(src)["status"]["published"]["en"] == "stated"


def test_a_broken_cache_file_is_rebuilt(folder):
    calls = []

    def build():
        calls.append(1)
        return {"built": len(calls)}

    assert cache.cached("thing", "k1", build) == {"built": 1}
    path = folder / "thing-k1.pickle"
    path.write_bytes(b"not a pickle")
    assert cache.cached("thing", "k1", build) == {"built": 2}
    assert pickle.loads(path.read_bytes()) == {"built": 2}
    assert cache.cached("thing", "k1", build) == {"built": 2} and len(calls) == 2


def test_writes_are_whole_and_only_the_newest_few_are_kept(folder):
    for i in range(cache.KEEP + 3):
        cache.cached("thing", f"k{i}", lambda i=i: i)
        os.utime(folder / f"thing-k{i}.pickle", ns=(i * 10**9, i * 10**9))
    cache.cached("other", "k0", lambda: "other")
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == sorted(["other-k0.pickle", *(f"thing-k{i}.pickle" for i in range(3, cache.KEEP + 3))])
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_no_cache_when_the_folder_is_set_empty_or_cannot_be_written(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, "")
    assert cache.folder() is None
    assert cache.cached("thing", "k", lambda: 1) == 1
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv(cache.ENV, str(blocked / "cache"))  # under a file: cannot be made
    assert cache.cached("thing", "k", lambda: 2) == 2


def test_what_cannot_be_pickled_is_returned_uncached(folder):
    f = cache.cached("thing", "k", lambda: (lambda: 3))
    assert f() == 3 and not list(folder.glob("thing-*"))


def test_the_bundled_tree_is_hashed_without_compiled_files():
    files = cache._files(DATA_DIR)
    assert files and all("__pycache__" not in p.parts for p in files)
    assert DATA_DIR / "vocabulary.yaml" in files
