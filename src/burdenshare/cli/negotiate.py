"""``burdenshare negotiate ...``: cases, offers by round, value, frontier, solutions, gap, simulate."""


import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import InputError
from ..i18n import _
from .common import (
    Format,
    FormatOpt,
    HostOpt,
    M,
    PlotOpt,
    PlotSize,
    PlotSizeOpt,
    emit,
    number,
    progress,
    request,
    t,
    year,
)

if TYPE_CHECKING:
    from ..analysis.negotiation.case import Case, Issue
    from ..i18n import Msg
    from ..ops.negotiation import CaseRequest
    from ..present.tables import Col


def _package(items: list[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items or ():
        if "=" not in item:
            raise InputError(_("'{item}' must look like ISSUE=VALUE", item=item), where="package")
        k, v = item.split("=", 1)
        v = v.strip()
        try:
            out[k.strip()] = int(v)
        except ValueError:
            try:
                out[k.strip()] = float(v)
            except ValueError:
                from ..i18n.money import MoneyError, parse

                try:
                    out[k.strip()] = parse(v)
                except MoneyError:
                    out[k.strip()] = v
    return out


CaseArg = Annotated[str, typer.Argument(help=t("A negotiation case id (see `burdenshare negotiate cases`) or a case YAML file."))]


def case_req(cls: type[M], case: str, host: str | None, **kw: Any) -> M:
    from .. import local

    return request(cls, case=local.case(case), host=host, **kw)


def cases(fmt: FormatOpt = Format.table, host: HostOpt = None) -> None:
    from ..ops import negotiation as neg
    from ..ops.common import Request
    from ..present.tables import Col

    res = neg.cases(request(Request, host=host))
    emit(res, fmt, [Col("id", _("id")), Col("title", _("title")), Col("status", _("talks")), Col("agreement", _("agreement")),
                    Col("rounds", _("rounds"), "int"), Col("offers", _("offers"), "int"), Col("positions", _("public positions"), "int"),
                    Col("packages", _("packages"), "int")])


def show(case: CaseArg, fmt: FormatOpt = Format.table, host: HostOpt = None) -> None:
    from ..analysis.negotiation.case import column
    from ..ops import negotiation as neg
    from ..present import formats
    from ..present.tables import Col, print_lines, print_table, said

    res = neg.show(case_req(neg.CaseRequest, case, host))
    if fmt is Format.json:
        sys.stdout.write(formats.to_json(res.to_dict()) + "\n")
        return
    if fmt is Format.csv:
        sys.stdout.write(formats.to_csv(res["offers"].frame))
        return
    cur = res.meta["currency"]
    if len(res["rounds"].frame) or not len(res["positions"].frame):
        print_table(res["rounds"].frame, [Col("number", _("round"), "year"), Col("start", _("start")), Col("end", _("end")),
                                          Col("place", _("place")), Col("source", _("source"))], res.title)
    else:
        print_lines([res.title, str(_("  no formal round reported in the sources read"))])
    parties = res.meta["parties"]
    names = {p["id"]: p["name"] for p in parties}
    from ..i18n import localized

    titles = {i["id"]: localized(i.get("title")) or i["id"] for i in (res.meta.get("case_document") or {}).get("issues", [])}
    if len(res["positions"].frame):
        print_table(res["positions"].frame, [Col("date", _("date")), Col("party", _("party"), fmt=lambda r: names.get(r["party"], r["party"])),
                                             Col("summary", _("position")), Col("quote", _("as said"), fmt=said),
                                             Col("source", _("source"))], _("Public positions"))
    if res.meta.get("note"):
        print_lines([f"  {res.meta['note']}"], style="dim")
    if not len(res["offers"].frame):
        print_lines([str(_("  no offer with a figure reported in the sources read"))])
    else:
        print_table(res["offers"].frame, [
            Col("date", _("date")), Col("round", _("round"), "year"), Col("party", _("party"), fmt=lambda r: names.get(r["party"], r["party"])),
            Col("kind", _("kind"), "word:offer_kind"), Col("first_year", _("first year"), "money"),
            Col("total", _("term total"), "money"), Col("total_dollars", _("term total"), "usd"),
            *(Col(column("utility", role), _("utility of {party}", party=name), "float") for role, name in column_names(res.meta).items()),
            Col("defaults_used", _("assumed from the final deal"), fmt=lambda r: ", ".join(
                titles.get(k.strip(), k.strip()) for k in (r.get("defaults_used") or "").split(",") if k.strip()))],
            _("Offers (public), valued by the engine"), currency=cur)
    for p in parties:
        print_lines([_("{party}: preferences are {basis}", party=p["name"], basis=p["basis"])])


def value(case: CaseArg, set_issue: Annotated[list[str] | None, typer.Option("--set-issue", metavar="ISSUE=VALUE", help=t("An issue's value (repeatable; amounts as 1.5조 or in full); unset issues take the case's defaults."))] = None,
          fmt: FormatOpt = Format.table, host: HostOpt = None) -> None:
    import json

    from ..ops import negotiation as neg

    req = case_req(neg.ValueRequest, case, host, package=_package(set_issue))
    v = neg.value(req).model_dump()
    if fmt is Format.json:
        typer.echo(json.dumps(v, default=str, indent=1, ensure_ascii=False))
    elif fmt is Format.csv:
        v.pop("meta", None)
        for k, val in v.items():
            typer.echo(f"{k}: {val:,.4f}" if isinstance(val, float) else f"{k}: {val}")
    else:
        print_value(v, _case_of(req))


def frontier(case: CaseArg, fmt: FormatOpt = Format.table, plot: PlotOpt = None, plot_size: PlotSizeOpt = PlotSize.article, host: HostOpt = None) -> None:
    from ..analysis.negotiation.words import issue_title
    from ..ops import negotiation as neg

    req = case_req(neg.FrontierRequest, case, host)
    res = neg.frontier(req)
    if plot:
        _plane(case, host, plot, plot_size)
    titles = {i.id: issue_title(i) for i in _case_of(req).issues}
    emit(res, fmt, headings(res.frame.columns, column_names(res.meta), titles,
                            cells=option_cells(_case_of(req), res.meta["currency"])))


def solutions(case: CaseArg, fmt: FormatOpt = Format.table, plot: PlotOpt = None, plot_size: PlotSizeOpt = PlotSize.article, host: HostOpt = None) -> None:
    from ..analysis.negotiation.words import issue_title
    from ..ops import negotiation as neg

    req = case_req(neg.CaseRequest, case, host)
    res = neg.solutions(req)
    if plot:
        _plane(case, host, plot, plot_size)
    titles, kinds = {}, {"total": "money", "total_dollars": "usd"}
    for i in _case_of(req).issues:  # the first year in the table's money unit, as in `negotiate show`
        titles[i.id] = _("first year") if i.kind == "first_year" else issue_title(i)
        if i.kind == "first_year":
            kinds[i.id] = "money"
    emit(res, fmt, headings([c for c in res.frame.columns if c != "point"], column_names(res.meta), titles, kinds,
                            option_cells(_case_of(req), res.meta["currency"])))


def _plane(case: str, host: str | None, plot: Path, plot_size: PlotSize) -> None:
    from ..ops import negotiation as neg
    from ..present.charts import plot_utility_plane

    req = case_req(neg.CaseRequest, case, host)
    sol = neg.solutions(req)
    plot_utility_plane(neg.space(req), sol.frame, plot, offers=neg.offers(req).frame, meta=sol.meta, size=plot_size.value)


def gap(case: CaseArg, fmt: FormatOpt = Format.table, plot: PlotOpt = None, plot_size: PlotSizeOpt = PlotSize.article, host: HostOpt = None) -> None:
    from ..ops import negotiation as neg
    from ..present import formats
    from ..present.tables import Col, print_lines

    req = case_req(neg.CaseRequest, case, host)
    res = neg.gap(req)
    cur = res.meta["currency"]
    names = {p["id"]: p["name"] for p in res.meta["parties"]}
    if plot:
        from ..present.charts import plot_gap

        plot_gap(neg.offers(req).frame, res["gap"].frame, plot, title=str(_("{title}: offers and gap by round",
                                                                              title=res.meta["title"])), currency=cur, names=names,
                 meta=res.meta, size=plot_size.value)
    if fmt is Format.json:
        sys.stdout.write(formats.to_json(res.to_dict()) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(formats.to_csv(res["gap"].frame))
    else:
        df = res["gap"].frame
        cols = [Col("round", _("round"), "year"), Col("start", _("start")), Col("end", _("end")), Col("place", _("place"))]
        cols += [Col(c, _("{party}: first year", party=names.get(c.removesuffix("_first_year"), c)), "money")
                 for c in df.columns if c.endswith("_first_year")]
        cols += [Col("gap", _("gap"), "money"), Col("gap_pct_of_payer_offer", _("gap, share of the payer's offer"), "pct")]
        emit(res["gap"], fmt, cols, title=res.title, currency=cur)
        fc = res.meta["forecast"]
        if fc.get("closes"):
            from ..i18n.money import format as money

            unit = int(res.meta.get("case_unit") or 1)  # the case's unit of the first-year total

            print_lines([_("forecast: the trends meet on {date} at {amount} ({caveat})", date=fc["closes"],
                           amount=money(round(fc["first_year"] / unit) * unit, cur), caveat=fc.get("caveat") or "")])
        else:
            print_lines([_("forecast: none ({reason})", reason=fc.get("reason") or "")])


def simulate(
    case: CaseArg,
    runs: Annotated[int, typer.Option("--runs", help=t("Number of simulated negotiations."))] = 10_000,
    deadline: Annotated[int, typer.Option("--deadline", help=t("Rounds before the talks fail."))] = 12,
    first: Annotated[str | None, typer.Option("--first", help=t("The party that opens (default: the payee)."))] = None,
    tactic: Annotated[list[str] | None, typer.Option("--tactic", metavar="PARTY=KIND[:E]", help=t("boulware, conceder, linear or tit_for_tat, optional exponent (repeatable)."))] = None,
    hazard: Annotated[str | None, typer.Option("--hazard", metavar="PARTY:P@ROUND=RESERVATION", help=t("With probability P, from ROUND on, PARTY's reservation utility becomes RESERVATION."))] = None,
    exponent_sd: Annotated[float, typer.Option("--exponent-sd", help=t("Log-normal noise on the tactics' exponents."))] = 0.0,
    seed: Annotated[int, typer.Option("--seed", help=t("Random seed."))] = 0,
    fmt: FormatOpt = Format.table, host: HostOpt = None,
) -> None:
    from ..analysis.negotiation.case import column
    from ..ops import negotiation as neg
    from ..present import formats
    from ..present.tables import Col

    tactics = {}
    for item in tactic or ():
        if "=" not in item:
            raise InputError(_("'{item}' must look like PARTY=KIND[:EXPONENT]", item=item), where="tactics")
        p, spec = item.split("=", 1)
        kind, _sep, e = spec.partition(":")
        tactics[p.strip()] = {"kind": kind.strip(), "exponent": number(e, f"tactics.{p.strip()}") if e else None}
    hz = None
    if hazard:
        try:
            party, rest = hazard.split(":", 1)
            prob, rest = rest.split("@", 1)
            rnd, res_ = rest.split("=", 1)
        except ValueError:
            raise InputError(_("'{text}' must look like PARTY:P@ROUND=RESERVATION", text=hazard), where="hazard") from None
        hz = {"party": party.strip(), "probability": number(prob, "hazard"), "from_round": year(rnd, "hazard"),
              "reservation": number(res_, "hazard")}
    req = case_req(neg.BargainingRequest, case, host, runs=runs, deadline=deadline, first=first, tactics=tactics, hazard=hz,
                   exponent_sd=exponent_sd, seed=seed)
    with progress(fmt is Format.table) as advance:
        res = neg.bargain(req, progress=advance)
    if fmt is Format.json:
        sys.stdout.write(formats.to_json(res.to_dict()) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(formats.to_csv(res.closing.frame))
    else:
        names = party_names(res.meta)
        print_distribution(res.distribution, names, res.meta["currency"])
        cols = [Col("round", _("round"), "int")]
        for role, name in column_names(res.meta).items():
            cols += [Col(column("table_utility", role), _("utility on the table for {party}", party=name), "float"),
                     Col(column("value_of_closing", role), _("value of closing for {party}", party=name), "float")]
        cols.append(Col("deals_closed_here", _("deals closed here"), "int"))
        emit(res.closing, fmt, [c for c in cols if c.key in res.closing.frame.columns],
             title=str(_("Value of closing at each round (utility of the offer on the table minus the expected outcome)")))


def tournament(
    cases: Annotated[str | None, typer.Option("--cases", help=t("Comma-separated case ids (default: the host's default case, named in its data)."))] = None,
    seeds: Annotated[int, typer.Option("--seeds", help=t("Games per pairing (each with its own draw)."))] = 20,
    seed: Annotated[int, typer.Option("--seed", help=t("The tournament's seed: the same seed gives the same table."))] = 0,
    deadline: Annotated[int, typer.Option("--deadline", help=t("Rounds before the talks fail."))] = 12,
    tactics: Annotated[str | None, typer.Option("--tactics", help=t("Comma-separated tactics (default: all four)."))] = None,
    exponent_sd: Annotated[float, typer.Option("--exponent-sd", help=t("Log-normal noise on the tactics' exponents."))] = 0.3,
    pairings: Annotated[bool, typer.Option("--pairings", help=t("Also print every pairing."))] = False,
    fmt: FormatOpt = Format.table, host: HostOpt = None,
) -> None:
    import time

    from ..ops import negotiation as neg
    from ..present import formats
    from ..present.tables import Col, print_lines

    req = request(neg.TournamentRequest, cases=[c.strip() for c in cases.split(",") if c.strip()] if cases is not None else None, seeds=seeds, seed=seed,
                  deadline=deadline, tactics=[x.strip() for x in tactics.split(",")] if tactics else None,
                  exponent_sd=exponent_sd, host=host)
    started = time.perf_counter()
    with progress(fmt is Format.table) as advance:
        res = neg.tournament(req, progress=advance)
    elapsed = time.perf_counter() - started
    if fmt is Format.json:
        sys.stdout.write(formats.to_json(res.to_dict()) + "\n")
        return
    if fmt is Format.csv:
        sys.stdout.write(formats.to_csv(res["pairings" if pairings else "leaderboard"].frame))
        return
    from ..present import labels

    cols = [Col("rank", _("rank"), "int"), Col("tactic", _("tactic"), fmt=lambda r: labels.tactic(r["tactic"])),
            Col("games", _("games"), "int"),
            Col("mean_utility", _("mean utility"), "float"), Col("agreement_rate", _("agreement rate"), "float"),
            Col("distance_to_nash", _("distance to Nash"), "float"), Col("mean_rounds", _("mean rounds"), "float")]
    emit(res["leaderboard"], fmt, cols, title=res.title)
    if pairings:
        emit(res["pairings"], fmt, [*[c for c in cols if c.key != "rank"][:1], Col("opponent", _("opponent"), fmt=lambda r: labels.tactic(r["opponent"])), *cols[2:]],
             title=str(_("By pairing")))
    print_lines([_("cases: {cases}; seed {seed}; deadline {deadline}; {seconds:.1f} s", cases=", ".join(res.meta["cases"]),
                   seed=res.meta["seed"], deadline=res.meta["deadline"], seconds=elapsed)])


def export(
    case: CaseArg,
    to: Annotated[str, typer.Option("--to", help=t("genius or geniusweb."))] = "genius",
    output: Annotated[Path, typer.Option("--output", "-o", help=t("The folder to write (created if missing)."))] = Path("."),
    host: HostOpt = None,
) -> None:
    from ..ops import negotiation as neg

    files = neg.export(case_req(neg.ExportRequest, case, host, platform=to))
    output.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (output / name).write_text(text, encoding="utf-8")
    typer.echo(str(_("wrote {n} files to {folder}: {names}", n=len(files), folder=output, names=", ".join(sorted(files)))))


def import_(
    folder: Annotated[Path, typer.Argument(help=t("A folder with a domain file and two utility profiles."))],
    limit: Annotated[int, typer.Option("--limit", help=t("At most this many frontier packages."))] = 20,
    fmt: FormatOpt = Format.table,
) -> None:
    from .. import local
    from ..ops import negotiation as neg
    from ..present import formats
    from ..present.tables import print_lines

    res = neg.import_domain(request(neg.ImportRequest, files=local.folder(folder), limit=limit))
    if fmt is Format.json:
        sys.stdout.write(formats.to_json(res.to_dict()) + "\n")
        return
    if fmt is Format.csv:
        sys.stdout.write(formats.to_csv(res["frontier"].frame))
        return
    names = column_names(res.meta)  # the domain's issue names are shown as the domain writes them
    emit(res["issues"], fmt, headings(res["issues"].frame.columns, names, {}), title=res.title)
    print_lines([_("{party}: reservation {r:.4f}", party=p["name"], r=p["reservation"]) for p in res.meta["parties"]])
    emit(res["solutions"], fmt, headings(res["solutions"].frame.columns, names, {}), title=str(_("Solutions")))
    emit(res["frontier"], fmt, headings(res["frontier"].frame.columns, names, {}),
         title=str(_("Pareto frontier ({n:,} packages; first {k} shown)", n=res.meta["frontier_packages"], k=len(res["frontier"].frame))))


def replay(fmt: FormatOpt = Format.table, plot: PlotOpt = None, plot_size: PlotSizeOpt = PlotSize.article, host: HostOpt = None) -> None:
    from ..ops import negotiation as neg
    from ..present.tables import Col

    res = neg.replay(request(neg.ReplayRequest, host=host))
    if plot:
        from ..present.charts import plot_replay

        plot_replay(res.frame, plot, currency=res.meta["currency"], meta=res.meta, size=plot_size.value)
    emit(res, fmt, [Col("agreement", _("agreement")), Col("years", _("years")), Col("formula", _("formula of"), fmt=lambda r: str(r["formula"]).split(":")[0]),  # a case's point: its case (the rule names the point)
                    Col("formula_text", _("rule")), Col("total", _("term total"), "money"),
                    Col("yearly_mean", _("yearly mean"), "money"), Col("diff_pct", _("difference"), "pct"),
                    Col("follows_text", _("follows")), Col("status_text", _("status"))])


def register(app: typer.Typer) -> None:
    neg_app = typer.Typer(help=t("Negotiation analysis: cases, offers by round, frontier, solutions, simulation."),
                          no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(neg_app, name="negotiate")
    neg_app.command("cases", help=t("The bundled negotiation cases."))(cases)
    neg_app.command("show", help=t("A case's rounds and every public offer, valued for both parties."))(show)
    neg_app.command("value", help=t("Value one package: payments by year, term total, present values, both utilities."))(value)
    neg_app.command("frontier", help=t("The Pareto frontier of the whole package space."))(frontier)
    neg_app.command("solutions", help=t("Disagreement point, zone of agreement, Nash and Kalai-Smorodinsky solutions, and the agreement's efficiency."))(solutions)
    neg_app.command("gap", help=t("The gap between the sides' first-year figures round by round, and where the trend closes it."))(gap)
    neg_app.command("simulate", help=t("Alternating offers under a deadline and a hazard: when and where deals close."))(simulate)
    neg_app.command("tournament", help=t("Every tactic against every tactic on every case, both roles, many seeds: a leaderboard."))(tournament)
    neg_app.command("export", help=t("Write a case as a GENIUS (XML) or GeniusWeb (JSON) domain with both parties' utility profiles."))(export)
    neg_app.command("import", help=t("Read a GENIUS or GeniusWeb domain folder: its issues, frontier, Nash and Kalai-Smorodinsky."))(import_)
    neg_app.command("replay", help=t("Each agreement under the other agreements' formulas (and its case's Nash and Kalai-Smorodinsky packages)."))(replay)


def _case_of(req: "CaseRequest") -> "Case":
    """The case a request names: a file's, or the bundled one (read once per process)."""
    from ..analysis.negotiation.case import Case, bundled_cases
    from ..ops.common import catalog_for

    return req.case if isinstance(req.case, Case) else bundled_cases(catalog_for(req))[req.case]


def party_names(meta: dict[str, Any]) -> dict[str, str]:
    """Party id -> the party's name in the reader's language."""
    return {p["id"]: p["name"] for p in meta["parties"]}


def column_names(meta: dict[str, Any]) -> dict[str, str]:
    """What names a party's columns (its role; a foreign domain's profile, its id) -> the party's name
    in the reader's language: the headings of ``utility_payer`` and the like."""
    return {p.get("role") or p["id"]: p["name"] for p in meta["parties"]}


def option_cells(case: "Case", currency: str) -> dict[str, Callable[[dict[str, Any]], str]]:
    """For each issue other than the first-year amount: a cell writer that shows the option in words
    (a cap of 4% a year, the previous year's defence-budget growth), not as its code."""
    from ..analysis.negotiation.words import option_label
    from ..model.frames import clean

    def cell(issue: "Issue") -> Callable[[dict[str, Any]], str]:
        def write(r: dict[str, Any]) -> str:
            v = clean(r.get(issue.id))
            return "" if v is None else str(option_label(issue, v, currency))

        return write

    return {i.id: cell(i) for i in case.issues if i.kind != "first_year"}


def headings(columns: Iterable[str], names: dict[str, str], titles: dict[str, Any], kinds: dict[str, str] | None = None,
             cells: dict[str, Callable[[dict[str, Any]], str]] | None = None) -> list["Col"]:
    """The columns of a table of packages with headings in the reader's language: each issue's title
    from the case (`titles`), "utility of <party>" with the party's name (`names`: by the role that
    names its columns, :func:`column_names`), and words for the other
    columns; `kinds` for the columns not written as text."""
    from ..present.tables import Col

    words: dict[str, Msg] = {"package": _("package"), "label": _("point"), "point": _("point"), "total": _("term total"),
             "total_dollars": _("term total"), "distance_to_frontier": _("distance to the frontier"),
             "dominated_by": _("packages better for both"), "issue": _("issue"), "values": _("values")}
    cols = []
    for c in columns:
        party = c.removeprefix("utility_") if c.startswith("utility_") else None
        label: Msg | str = _("utility of {party}", party=names[party]) if party in names else titles.get(c) or words.get(c) or c
        cols.append(Col(c, label, (kinds or {}).get(c, "text"), (cells or {}).get(c)))
    return cols


def print_value(v: dict[str, Any], case: "Case") -> None:
    """One package valued: the package in words, the payments by year, the term total, and for each
    party its utility and the annual present value of the payments in its currency."""
    from ..analysis.negotiation.words import describe
    from ..i18n.money import format as money
    from ..present.tables import Col, print_lines, print_table

    m = v["meta"]
    cur = m["currency"]
    names = party_names(m)
    print_lines([m["title"], str(_("package")) + ": " + describe(case, v["package"], cur)])
    print_table([{"year": y, "amount": a} for y, a in zip(v["years"], v["payments"], strict=True)],
                [Col("year", _("year"), "year"), Col("amount", _("amount"), "money")], currency=cur)
    lines = [str(_("term total")) + f": {money(v['total'], cur)} ({money(v['total_dollars'], m['dollar'], style='sig')})"]
    for p in case.parties:
        lines.append(str(_("utility of {party}", party=names.get(p.id, p.id))) + f": {v[p.column('utility')]:.4f}")
        lines.append(str(_("annual present value for {party}", party=names.get(p.id, p.id)))
                     + f": {money(v[p.column('annual_pv')], p.currency, style='short')}")
    print_lines(lines)


def print_distribution(dist: dict[str, Any], names: dict[str, str], currency: str) -> None:
    """Simulated bargaining in words: how often a deal, when, at what first-year total; expected utilities."""
    from ..i18n.money import format as money
    from ..present.tables import print_lines

    lines = [str(_("{runs:,} simulated negotiations: a deal in {deal:.1%} of them; the hazard struck in {hazard:.1%}",
                   runs=dist["runs"], deal=dist["deal_rate"], hazard=dist["hazard_rate"]))]
    if dist["deal_rate"] > 0:
        lines.append(str(_("round of the deal")) + ": " + ", ".join(f"{q} {r:g}" for q, r in dist["round_quantiles"].items()))
        lines.append(str(_("first-year total of the deal")) + ": "
                     + ", ".join(f"{q} {money(a, currency, style='short')}" for q, a in dist["first_year_quantiles"].items()))
    for p, u in dist["expected_utility"].items():
        lines.append(str(_("expected utility of {party}", party=names.get(p, p))) + f": {u:.4f}")
    print_lines(lines)
