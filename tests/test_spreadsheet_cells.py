"""Formula cells neutralised in every export path (OWASP CSV injection): a text cell beginning with
=, +, -, @, a tab or a carriage return is written as text (CSV: a leading single quote; Excel: a text
cell, never a formula), numbers stay numbers; CLI and web share the one writer (present/formats.cell)."""

import csv
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import burdenshare
from burdenshare.present import export, formats

EVIL = '=HYPERLINK("http://x","y")'
STARTS = [EVIL, "+1+1", "-1+2", "@SUM(A1:A2)", "\t=1", "\r=1"]
BIN = Path(sys.executable).with_name("burdenshare")

AGREEMENT = textwrap.dedent(f"""\
    id: my-13th
    title: '{EVIL}'
    host: kr
    parties: ['{EVIL}', United States]
    currency: KRW
    term: {{start: 2031, end: 2032}}
    follows: sma-12
    years:
      - years: 2031
        rule: fixed
        amount: 1500000000000
        note: '@SUM(1+1)'
      - years: 2032
        rule: change
        pct: 3.0
    """)

SCENARIO = textwrap.dedent(f"""\
    id: my-scenario
    title: '{EVIL}'
    host: kr
    baseline: sma-12
    changes:
      - years: 2026-2030
        rule: change
        pct: 0
    """)


def formula_cells(data: bytes) -> list[str]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [f"{ws.title}!{c.coordinate}" for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


def text_cells(data: bytes) -> list[str]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def csv_cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for c in row]


def unsafe(cells: list[str]) -> list[str]:
    return [c for c in cells if formats.formula_like(c)]


@pytest.mark.parametrize("value,written", [
    (EVIL, "'" + EVIL), ("+1+1", "'+1+1"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("-3.2", "-3.2"), ("-5%", "-5%"), ("+1,234", "+1,234"), ("plain", "plain"), (-5, -5), (1.5, 1.5), (None, None),
])
def test_one_cell_writer(value, written):
    assert formats.cell(value) == written


def test_csv_and_workbook_writers_neutralise_text_and_keep_numbers():
    df = pd.DataFrame({"year": [2031 + i for i in range(len(STARTS))], "note": STARTS,
                       "amount": [-1_000_000 * (i + 1) for i in range(len(STARTS))]})
    text = formats.to_csv(df)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["note"] for r in rows] == ["'" + s.replace("\r", "\n") for s in STARTS]  # a lone CR would end the row
    assert [r["amount"] for r in rows] == [str(-1_000_000 * (i + 1)) for i in range(len(STARTS))]  # numbers as numbers
    meta = {"host": "kr", "currency": "KRW", "sources": []}
    book = export.workbook([("t", df)], meta, {}, EVIL, url=EVIL)
    assert formula_cells(book) == []
    ws = openpyxl.load_workbook(io.BytesIO(book))["t"]
    assert [ws.cell(row=i + 2, column=2).value for i in range(len(STARTS))] == [s.replace("\r", "\n") for s in STARTS]  # as text (XML reads CR as LF)
    assert all(isinstance(ws.cell(row=i + 2, column=3).value, int) for i in range(len(STARTS)))
    assert EVIL in text_cells(book)  # the about sheet's title, as text
    assert unsafe(csv_cells(formats.csv_rows([["key", "value"], ["title", EVIL], ["amount", -5]])))[:1] == []


def run(args, cwd):
    env = {**os.environ, "BURDENSHARE_LANG": "en", "PYTHONPATH": str(Path(burdenshare.__file__).parents[1])}
    return subprocess.run([str(BIN), *args], check=False, capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


@pytest.mark.parametrize("command", [
    ["schedule", "a.yaml"],
    ["compare", "sma-12", "s.yaml"],
    ["simulate", "a.yaml", "-n", "200"],
])
def test_cli_export_paths_write_no_formula(tmp_path, command):
    (tmp_path / "a.yaml").write_text(AGREEMENT)
    (tmp_path / "s.yaml").write_text(SCENARIO)
    p = run([*command, "--format", "xlsx", "--output", "out.xlsx"], tmp_path)
    assert p.returncode == 0, p.stderr
    book = (tmp_path / "out.xlsx").read_bytes()
    assert formula_cells(book) == []
    assert command[0] == "compare" or any(EVIL in c for c in text_cells(book))  # the title is there, as text
    p = run([*command, "--format", "csv", "--output", "out.csv"], tmp_path)
    assert p.returncode == 0, p.stderr
    assert unsafe(csv_cells((tmp_path / "out.csv").read_text(encoding="utf-8"))) == []
    p = run([*command, "--format", "csv", "--excel"], tmp_path)  # to stdout
    assert p.returncode == 0, p.stderr
    assert unsafe(csv_cells(p.stdout)) == []
    if command[0] == "schedule":
        assert "'" + EVIL in csv_cells(p.stdout)


def test_web_downloads_share_the_writer(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from burdenshare.ops import figures
    from burdenshare.web.app import create_app
    from burdenshare.web.routes import downloads

    real = figures.schedule

    def spoiled(req):
        res = real(req)
        res.title = EVIL
        res.frame["agreement_title"] = EVIL
        return res

    monkeypatch.setattr(downloads.figures, "schedule", spoiled)
    with TestClient(create_app(f"sqlite:///{tmp_path / 'w.db'}"), raise_server_exceptions=False) as client:
        book = client.get("/api/v1/schedule/sma-12.xlsx").content
        assert book[:2] == b"PK" and formula_cells(book) == []
        assert EVIL in text_cells(book)
        text = client.get("/api/v1/schedule/sma-12.csv").text
        assert "'" + EVIL in csv_cells(text) and unsafe(csv_cells(text)) == []
