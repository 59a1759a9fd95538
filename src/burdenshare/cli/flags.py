"""The one table between request fields and command-line flags.

Operations name request fields in their errors (``paths``, ``overrides.cpi.2027``); the CLI says
which flag to change. :func:`where` rewrites a field to its flag; a MissingValueError also says how
to give the missing value with a flag.
"""

from __future__ import annotations

from ..errors import InputError, MissingValueError
from ..i18n import _

FLAGS = {
    "start": "--from", "end": "--to", "real_base": "--real-base", "host": "--host", "hosts": "--host",
    "paths": "--paths", "seed": "--seed", "model": "--model", "quantiles": "--quantiles", "discount_rate": "--discount-rate",
    "prob_above": "--prob-above", "prob_total_above": "--prob-total-above", "prob_cap": "--prob-above",
    "block_length": "--block-length", "sample": "--sample-from/--sample-to", "chunk": "--chunk-size",
    "method": "--method", "k": "--k", "samples": "--samples", "plot": "--plot", "plot_size": "--plot-size", "output": "--output", "format": "--format",
    "runs": "--runs", "deadline": "--deadline", "first": "--first", "tactics": "--tactic", "hazard": "--hazard",
    "exponent_sd": "--exponent-sd", "package": "--set-issue", "base_year": "--base-year", "database_url": "--database-url",
    "public_url": "--public-url",
    "limit": "--limit", "lang": "--lang", "scenario_for": "--scenario", "definitions": "--definition", "claim": "CLAIM",
    "cases": "--cases", "seeds": "--seeds", "platform": "--to", "files": "FOLDER",
    "agreement": "AGREEMENT", "baseline": "BASELINE", "scenarios": "SCENARIO", "target": "TARGET", "case": "CASE",
    "name": "NAME", "year": "YEAR",
    "file": "--file", "provider": "--provider", "update_every": "--update-every", "series": "SERIES", "version": "V1/V2",
}
PARAMS = {"sd": "--sigma", "persistence": "--persistence", "corr": "--corr", "scale": "--scale"}
ROLE_FLAGS = {"cpi": "--cpi", "defence_growth": "--defence-growth", "fx": "--fx"}


def flag_for(field: str) -> str | None:
    """The flag (or argument) a request field comes from; None when it is not a request field."""
    parts = field.replace("[", ".").replace("]", "").split(".")
    head = parts[0]
    if head == "overrides":
        return ROLE_FLAGS.get(parts[1], "--set") if len(parts) > 1 else "--set"
    if head == "params":
        return PARAMS.get(parts[1]) if len(parts) > 1 else None
    return FLAGS.get(head)


def shown(where: str) -> str:
    """A request field as the person typed it: '--cpi (2027)', '--set (kr_gdp_nominal:2020)', '--sigma (cpi)'."""
    flag = flag_for(where)
    if flag is None:
        return where
    parts = where.replace("[", ".").replace("]", "").split(".")
    head, rest = parts[0], parts[1:]
    if head == "overrides" and rest:
        detail = ".".join(rest[1:]) if flag != "--set" else ":".join(rest[:2])
    elif head == "params":
        detail = ".".join(rest[1:])
    elif head in ("package", "tactics", "hazard", "scenario_for"):
        detail = rest[0] if rest else ""
    else:
        detail = ""
    return f"{flag} ({detail})" if detail else flag


def message(exc: InputError) -> str:
    """The one line the CLI prints for an error: the flag (or file and line), with the field as a
    reader knows it where the flag alone does not say it ('--prob-above (2030년 기준 금액)'), then
    what is wrong."""
    where = exc.where
    place = shown(where) if where else None
    field = exc.field_name if where else None
    if (where and place and field and place == flag_for(where) and "." in where  # which of a repeated flag's values, when the name says more
            and where.split(".")[0] not in ("overrides", "params")):  # (these flags name their series themselves)
        from ..i18n.fields import reader

        head = reader(where.split(".")[0])
        if head is None or str(head) != field:
            place = f"{place} ({field})"
    text = f"{place}: {exc.detail}" if place else exc.detail
    if isinstance(exc, MissingValueError) and exc.series and exc.year is not None:
        text += str(_("; give it with --set {series}:{year}=VALUE", series=exc.series, year=exc.year))
    return text
