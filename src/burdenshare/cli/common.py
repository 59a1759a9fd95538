"""What the CLI's commands share: the output options, parsing of flag values into request fields,
and writing a result as a table, CSV, JSON or a chart."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ..errors import InputError
from ..i18n import _
from ..model.ranges import help_text
from ..present.chartsizes import ChartSize

PlotSize = ChartSize
M = TypeVar("M", bound="BaseModel")

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from pydantic import BaseModel

    from ..ops.result import Table
    from ..present.tables import Col


class Format(StrEnum):
    """What a command prints: a table, or CSV or JSON for machines."""

    table = "table"
    csv = "csv"
    json = "json"


class FileFormat(StrEnum):
    """The formats of a command with --output: those it prints, and an Excel workbook (a file only)."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"




def t(text: str, **kw: object) -> str:
    """A help text in the language in force (the CLI is built after the language is chosen)."""
    return str(_(text, **kw))


# The options several commands share, as annotations for their parameters (``fmt: FormatOpt =
# Format.table``), with help texts in the language in force when this module is imported: the
# command line imports it after choosing the language (and build_app reimports the command modules
# when the language changes in the same process).
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=t("table (readable), csv or json (for machines)."))]
FileFormatOpt = Annotated[FileFormat, typer.Option("--format", "-f", help=t("table (readable), csv or json (for machines), "
                                                                         "or xlsx (an Excel workbook; needs --output)."))]
HostOpt = Annotated[str | None, typer.Option("--host", help=t("Host nation whose data to use (default: the data's default host)."))]
PlotOpt = Annotated[Path | None, typer.Option("--plot", help=t("Write a chart to FILE.png or FILE.svg."))]
PlotSizeOpt = Annotated[PlotSize, typer.Option("--plot-size", help=t("Size of the --plot chart: article (1200×675 px), "
                                                                    "square (1080×1080 px) or a4 (landscape, 300 dpi)."))]
CpiOpt = Annotated[list[str] | None, typer.Option("--cpi", metavar="YEAR=PCT", help=t("Consumer price inflation for YEAR, in percent (repeatable).") + " " + help_text("percent"))]
DefenceGrowthOpt = Annotated[list[str] | None, typer.Option("--defence-growth", metavar="YEAR=PCT", help=t("Growth of the defence budget in YEAR, in percent (repeatable).") + " " + help_text("percent"))]
FxOpt = Annotated[list[str] | None, typer.Option("--fx", metavar="YEAR=RATE", help=t("Average exchange rate (host currency per dollar) in YEAR (repeatable).") + " " + help_text("exchange_rate"))]
SetOpt = Annotated[list[str] | None, typer.Option("--set", metavar="SERIES:YEAR=VALUE", help=t("Any series value by the series' id or role (see `burdenshare series`), e.g. cpi:2013=2.0 (repeatable)."))]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help=t("Write to FILE (needed for --format xlsx; a CSV gets its data dictionary in FILE.schema.json and its provenance in FILE.provenance.txt)."))]
ExcelOpt = Annotated[bool, typer.Option("--excel", help=t("CSV for Excel: UTF-8 with a byte-order mark (Hangul reads right on Korean Windows)."))]


def options() -> SimpleNamespace:
    """The shared options as one namespace (``fmt: o.format``), for the modules that still declare
    their commands inside ``register``."""
    return SimpleNamespace(format=FormatOpt, file_format=FileFormatOpt, host=HostOpt, plot=PlotOpt, plot_size=PlotSizeOpt,
                           cpi=CpiOpt, defence_growth=DefenceGrowthOpt, fx=FxOpt, set=SetOpt, output=OutputOpt, excel=ExcelOpt)


def number(text: str, field: str) -> float:
    from ..model.series import parse_number

    return parse_number(text, where=field)


def year(text: str, field: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InputError(_("'{text}' is not a year", text=text), where=field) from None


def overrides(cpi: list[str] | None, defence: list[str] | None, fx: list[str] | None,
              sets: list[str] | None) -> dict[str, dict[int, float]]:
    """--cpi 2027=3.1 style options as {role or series: {year: value}}."""
    out: dict[str, dict[int, float]] = {}
    for role, items in (("cpi", cpi), ("defence_growth", defence), ("fx", fx)):
        for item in items or ():
            if "=" not in item:
                raise InputError(_("'{item}' must look like YEAR=VALUE", item=item), where=f"overrides.{role}")
            y, v = item.split("=", 1)
            out.setdefault(role, {})[year(y.strip(), f"overrides.{role}")] = number(v.strip(), f"overrides.{role}")
    for item in sets or ():
        if "=" not in item or ":" not in item.split("=", 1)[0]:
            raise InputError(_("'{item}' must look like SERIES:YEAR=VALUE", item=item), where="overrides")
        key, v = item.split("=", 1)
        name, y = key.rsplit(":", 1)
        out.setdefault(name.strip(), {})[year(y.strip(), f"overrides.{name.strip()}")] = number(v.strip(), f"overrides.{name.strip()}")
    return out


def request(cls: type[M], **fields: Any) -> M:
    """A request from flag values (None: not given); problems name the flag."""
    from ..ops.common import validate

    req: M = validate(cls, {k: v for k, v in fields.items() if v is not None})
    return req


def write_file(path: Path, data: bytes | str) -> None:
    """Write a file whole or not at all (a temporary file renamed into place)."""
    import os
    import tempfile

    if not path.parent.exists():
        raise InputError(_("folder '{folder}' does not exist", folder=str(path.parent)), where="output")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as any new file, not mkstemp's owner-only mode
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(_("cannot write '{path}' ({reason})", path=str(path), reason=exc.strerror), where="output") from None


def check_output(fmt: Format | FileFormat, output: Path | None) -> None:
    """Refuse a format and an --output that do not go together, before any work is done: a workbook
    needs a file, and a table is only printed."""
    if fmt.value == "xlsx" and output is None:
        raise InputError(_("an Excel workbook needs a file: give --output FILE.xlsx"), where="output")
    if fmt.value == "table" and output is not None:
        raise InputError(_("--output needs --format csv, json or xlsx"), where="output")


def export(tables: list[tuple[str, Any]], meta: dict[str, Any], title: str, fmt: Format | FileFormat, output: Path | None, *,
           excel: bool = False, doc: dict[str, Any] | None = None) -> bool:
    """Write a result as CSV, JSON or Excel to stdout or --output; False for a table (not handled here)."""
    from ..model.catalog import catalog
    from ..present import export as ex, formats

    check_output(fmt, output)  # the commands check it first; this keeps a file from being ignored
    if fmt.value == "table":
        return False
    registry = dict(catalog(meta.get("host")).sources) if meta.get("host") else {}
    command = "burdenshare " + " ".join(sys.argv[1:])
    if fmt.value == "xlsx":
        assert output is not None  # check_output refused a workbook without a file
        write_file(output, ex.workbook(tables, meta, registry, title, command))
        return True
    if fmt.value == "json":
        text = formats.to_json(doc if doc is not None else {"meta": meta, "rows": formats.records(tables[0][1])}) + "\n"
    else:
        text = formats.to_csv(tables[0][1], bom=excel)
    if output is None:
        sys.stdout.write(text)
    else:
        write_file(output, text)
        if fmt.value == "csv":  # its data dictionary (a Frictionless table schema) and its provenance beside it
            write_file(output.with_name(ex.schema_name(output.name)),
                       ex.schema_json(tables[0][1], meta, registry, title, name=output.stem, path=output.name, url=command))
            write_file(output.with_name(output.name + ".provenance.txt"), ex.provenance_text(meta, registry, title, command))
    return True


def emit(table: Table, fmt: Format | FileFormat, columns: list[Col] | None = None, *, title: str | None = None, currency: str | None = None,
         caption: str | None = None, output: Path | None = None, excel: bool = False, sheet: str | None = None) -> None:
    from ..present import tables

    name = sheet or table.meta.get("agreement") or (sys.argv[1] if len(sys.argv) > 1 else "table")
    check_output(fmt, output)
    if fmt.value != "table":
        # the DataFrame only for a CSV or a workbook: a table and JSON are written from the rows (no pandas)
        export([(name, table.frame if fmt.value in ("csv", "xlsx") else None)], table.meta, title or table.title, fmt, output,
               excel=excel, doc=table.to_dict())
        return
    cols = columns or [tables.Col(c, c) for c in table.columns]
    tables.print_table(table.frame_rows(), cols, title if title is not None else table.title,
                       currency=currency or table.meta.get("currency"), caption=caption)


@contextmanager
def progress(shown: bool) -> Iterator[Callable[[int, int], None] | None]:
    """While the block runs, a Rich progress bar on stderr (when `shown`: tables, not data for
    machines); yields the callback that advances it, or None. The bar goes when the block ends,
    however it ends."""
    if not shown:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn(t("working")), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    task = bar.add_task("work", total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    bar.start()
    try:
        yield advance
    finally:
        bar.stop()
