"""End-to-end tests of the command line, run as a user runs it (a subprocess of the installed script)."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# the script installed beside the interpreter running the tests (the venv's), else one on PATH
_BESIDE = Path(sys.executable).parent / "burdenshare"
EXE = str(_BESIDE) if _BESIDE.exists() else shutil.which("burdenshare")


def run(*args, ok=True):
    p = subprocess.run([EXE, *args], check=False, capture_output=True, text=True, timeout=120)
    if ok:
        assert p.returncode == 0, p.stderr
    return p


def test_help_lists_commands():
    out = run("--help").stdout
    for cmd in ("history", "schedule", "compare", "series", "sources", "scenarios"):
        assert cmd in out


def test_help_loads_no_heavy_library():
    """--help loads Typer and the help texts, not numpy, pandas, matplotlib or the web stack."""
    code = ("import sys\nfrom burdenshare.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(','.join(m for m in ('numpy', 'pandas', 'matplotlib', 'fastapi') if m in sys.modules), file=sys.stderr)")
    p = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and "history" in p.stdout, p.stderr
    assert p.stderr.strip() == "", f"loaded at start-up: {p.stderr.strip()}"


def test_the_table_of_commands_names_the_module_that_registers_each():
    """A run builds only its command's module (cli.COMMANDS); the table must name every command of
    the full build, and the module that registers it."""
    from burdenshare import cli

    app = cli.build_app()
    full = {c.name or c.callback.__name__.replace("_", "-"): c.callback.__module__.rsplit(".", 1)[1] for c in app.registered_commands}

    def group_module(g) -> str:  # the module of a command group: of its callback, else of its first command
        t = g.typer_instance
        f = t.registered_callback.callback if t.registered_callback else t.registered_commands[0].callback
        return f.__module__.rsplit(".", 1)[1]

    full.update({g.name: group_module(g) for g in app.registered_groups})
    assert full == cli.COMMANDS, "update COMMANDS in burdenshare/cli/__init__.py"
    assert set(cli.MODULES) == set(full.values())
    for command in cli.COMMANDS:
        assert command in cli._names(cli.build_app(command))


@pytest.mark.parametrize("args", [["schedule", "sma-12"], ["history"], ["explain", "sma-12", "2027"],
                                  ["schedule", "sma-12", "--format", "json", "--lang", "ko"]])
def test_figures_in_the_terminal_and_json_load_no_pandas(args, tmp_path):
    """A table and JSON are written from the computed columns, and the second run reads the data (and
    the Korean catalog) as the first one parsed them: pandas, YAML's parser, Babel and the web stack
    stay unloaded, and the output is the same."""
    code = ("import sys\nfrom burdenshare.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(','.join(m for m in ('pandas', 'yaml.composer', 'babel.messages', 'matplotlib', 'fastapi', 'jinja2') "
            "if m in sys.modules), file=sys.stderr)")
    env = {**os.environ, "BURDENSHARE_CACHE_DIR": str(tmp_path / "cache")}
    first, second = (subprocess.run([sys.executable, "-c", code, *args], check=False, capture_output=True, text=True, timeout=120, env=env)
                     for _ in range(2))
    assert first.returncode == 0 and first.stdout, first.stderr
    assert "pandas" not in first.stderr
    assert second.returncode == 0 and second.stdout == first.stdout, second.stderr
    assert second.stderr.strip() == "", f"loaded: {second.stderr.strip()}"


def test_history_csv_has_integer_won_and_every_year():
    rows = list(csv.DictReader(io.StringIO(run("history", "--format", "csv").stdout)))
    assert [int(r["year"]) for r in rows] == list(range(1991, 2031))
    by = {int(r["year"]): r for r in rows}
    assert by[2025]["amount"] == "1402800000000"
    assert by[1992]["amount"] == "" and by[1992]["status"] == "unknown"
    assert {r["status"] for r in rows} >= {"published", "derived", "projected", "unknown"}


def test_history_table_and_chart(tmp_path):
    png = tmp_path / "h.png"
    p = run("history", "--plot", str(png))
    assert "1,519.2" in p.stdout and "KRW billion" in p.stdout and "unknown" in p.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "h.svg"
    run("history", "--from", "2019", "--to", "2026", "--plot", str(svg), "--format", "csv")
    assert svg.read_text().lstrip().startswith("<?xml")


@pytest.mark.parametrize("n", range(1, 13))
def test_schedule_every_sma(n):
    data = json.loads(run("schedule", f"sma-{n}", "--format", "json").stdout)
    assert data["meta"]["currency"] == "KRW" and data["meta"]["data_version"]
    assert data["rows"]


def test_schedule_override_is_a_counterfactual_and_is_marked():
    rows = json.loads(run("schedule", "sma-9", "--cpi", "2013=2.0", "--format", "json").stdout)["rows"]
    y2015 = next(r for r in rows if r["year"] == 2015)
    assert y2015["overridden"] is True and y2015["status"] == "counterfactual"
    assert y2015["amount"] == 938_400_000_000  # 9,200 x 1.020 = 9,384
    later = next(r for r in rows if r["year"] == 2016)
    assert later["status"] == "counterfactual" and later["overridden"] is False


def test_set_and_fx_options():
    rows = json.loads(run("schedule", "sma-12", "--set", "kr_cpi_inflation:2026=9", "--fx", "2027=1300", "--format", "json").stdout)["rows"]
    y = {r["year"]: r for r in rows}
    assert y[2028]["cap_binds"] is True and y[2028]["rate_applied_pct"] == 5.0
    assert y[2027]["fx"] == 1300 and y[2027]["fx_status"] == "override"
    assert y[2028]["status"] == "projected" and y[2028]["overridden"] is True  # 2026 CPI was a forecast


def test_compare_scenarios(tmp_path):
    out = run("compare", "sma-12", "us-demand-5bn", "freeze-2025", "--format", "json").stdout
    data = json.loads(out)
    tot = {t["scenario"]: t for t in data["meta"]["totals"]}
    assert tot["freeze-2025"]["diff"] < 0 < tot["us-demand-5bn"]["diff"]
    table = run("compare", "sma-12", "sma11-rule-to-2030", "--plot", str(tmp_path / "c.png")).stdout
    words = " ".join(table.replace("│", " ").replace("┃", " ").split())
    assert "11th SMA's defence-budget" in words and "Baseline" in words and (tmp_path / "c.png").exists()
    assert "sma11-rule-to-2030" not in table  # scenarios are headed by their titles, not their ids


def test_series_sources_agreements_scenarios():
    assert "kr_cpi_inflation" in run("series").stdout
    rows = list(csv.DictReader(io.StringIO(run("series", "cpi", "--format", "csv").stdout)))
    assert any(r["status"] == "applied" and r["year"] == "2008" and r["value"] == "4.7" for r in rows)
    src = list(csv.DictReader(io.StringIO(run("sources", "--format", "csv").stdout)))
    assert all(r["url"] for r in src) and any("sma-12" in r["used_by"] for r in src)
    assert "sma-12" in run("agreements").stdout
    assert "us-demand-5bn" in run("scenarios").stdout
    cats = list(csv.DictReader(io.StringIO(run("categories", "--format", "csv").stdout)))
    assert {"year": "2019", "category": "labour", "amount": "500500000000"}.items() <= cats[6].items()


BAD = [
    (["schedule", "sma-99"], "unknown agreement 'sma-99'"),
    (["series", "nope"], "unknown series 'nope'"),
    (["compare", "sma-12", "nope"], "unknown scenario 'nope'"),
    (["schedule", "sma-12", "--cpi", "2027=abc"], "--cpi: 'abc' is not a number"),
    (["schedule", "sma-12", "--cpi", "2027=nan"], "not a finite number"),
    (["schedule", "sma-12", "--cpi", "20x7=1"], "is not a year"),
    (["schedule", "sma-12", "--cpi", "2027"], "YEAR=VALUE"),
    (["schedule", "sma-12", "--fx", "2027=-5"], "below the minimum"),
    (["schedule", "sma-12", "--set", "kr_gdp_nominal:2020=-1"], "below the minimum"),
    (["schedule", "sma-12", "--set", "nope:2020=1"], "unknown series 'nope'"),
    (["schedule", "sma-12", "--cpi", "1700=2"], "outside 1900-2100"),
    (["history", "--from", "1950"], "outside the years covered"),
    (["history", "--real-base", "1800"], "--real-base"),
    (["history", "--plot", "chart.gif"], ".png or .svg"),
    (["history", "--plot", "/no/such/dir/h.png"], "does not exist"),
    (["schedule", "/no/such/file.yaml"], "no such file"),
    (["simulate", "sma-12", "-n", "100", "--prob-above", "2030=abc"], "--prob-above (threshold for 2030): 'abc' is not an amount"),
    (["simulate", "sma-12", "-n", "100", "--prob-total-above", "xyz"], "--prob-total-above: 'xyz' is not an amount"),
]


@pytest.mark.parametrize("args,msg", BAD)
def test_bad_input_exits_2_with_a_clear_message(args, msg):
    p = run(*args, ok=False)
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert msg in p.stderr
    assert "Traceback" not in p.stderr and "Traceback" not in p.stdout


def test_usage_errors_exit_2():
    p = run("history", "--format", "xml", ok=False)
    assert p.returncode == 2 and "Traceback" not in p.stderr


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_simulate_table_shows_every_quantile_once_and_known(lang):
    """The quantile columns are the numbers, not also their written-out twins (q0.05_host_text), which
    read as unknown in a money column."""
    from burdenshare.i18n import _, language

    p = run("simulate", "sma-12", "-n", "500", "--lang", lang)
    with language(lang):
        unknown = str(_("unknown"))
    assert unknown not in p.stdout and "_text" not in p.stdout
    import re

    from burdenshare.present.labels import column_name

    assert "q0.05" not in p.stdout  # quantiles are headed by their names (5th percentile, 중앙값)
    for q in ("q0.05", "q0.5", "q0.95"):
        name = column_name(f"{q}_host", "KRW", lang)
        assert len(re.findall(rf"(?<![0-9]){re.escape(name)}", p.stdout)) == 3, name  # per year, term total in won, in dollars


@pytest.mark.parametrize("args,flag", [
    (["sources", "-f", "xlsx"], "--format"),  # no --output: no workbook offered
    (["ledger", "-f", "xlsx"], "--format"),
    (["negotiate", "show", "sma-11-talks", "-f", "xlsx"], "--format"),
    (["history", "-f", "xlsx"], "--output"),  # a workbook needs a file
    (["history", "-o", "OUT"], "--output"),  # a table is only printed
    (["simulate", "sma-12", "-o", "OUT"], "--output"),
    (["hosts", "-o", "OUT"], "--output"),
])
def test_a_format_and_an_output_that_do_not_go_together_exit_2_before_any_work(tmp_path, args, flag):
    out = tmp_path / "out.csv"
    p = run(*[str(out) if a == "OUT" else a for a in args], ok=False)
    assert p.returncode == 2 and p.stdout == "", (p.stdout, p.stderr)
    assert p.stderr.count("\n") == 1 and flag in p.stderr and "Traceback" not in p.stderr
    assert not out.exists()


def test_only_commands_with_output_offer_a_workbook():
    assert "xlsx" in run("history", "--help").stdout and "xlsx" in run("simulate", "--help").stdout
    for cmd in (["sources"], ["ledger"], ["claim"], ["negotiate", "show"]):
        assert "xlsx" not in run(*cmd, "--help").stdout, cmd


@pytest.mark.parametrize("lang,party", [("en", "utility of Republic of Korea"), ("ko", "대한민국의 효용")])
def test_negotiation_tables_are_headed_in_words_not_column_keys(lang, party):
    for args in (["frontier", "sma-11-talks"], ["solutions", "sma-11-talks"], ["simulate", "sma-11-talks", "--runs", "200"],
                 ["value", "sma-11-talks", "--set-issue", "first_year=1.5조"]):
        out = run("--lang", lang, "negotiate", *args).stdout
        for key in ("first_year", "utility_payer", "utility_payee", "utility_kr", "utility_us", "labour_floor", "total_dollars", "distance_to_frontier", "table_utility",
                    "value_of_closing", "deals_closed_here", "deal_rate", "round_quantiles", "annual_pv"):
            assert key not in out, (args, key)
    assert party in out  # value: each party's utility, named in the reader's language


def test_ctrl_c_during_a_command_exits_130_with_one_line(monkeypatch, capsys):
    """Typer turns Ctrl-C into an exit code of 130, which it returns (not raises) outside standalone
    mode: the command line must exit with it, not with 0."""
    from burdenshare.cli import main
    from burdenshare.ops import negotiation

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(negotiation, "cases", interrupted)
    with pytest.raises(SystemExit) as e:
        main(["negotiate", "cases"])
    assert e.value.code == 130 and capsys.readouterr().err.strip() == "interrupted"
