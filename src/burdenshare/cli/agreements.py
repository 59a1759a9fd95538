"""``burdenshare key-numbers AGREEMENT``: an agreement's key numbers, a summary to copy and its citation."""

import sys
from typing import Annotated

import typer

from .common import Format, FormatOpt, HostOpt, request, t


def key_numbers(
    agreement: Annotated[str, typer.Argument(help=t("A bundled agreement's id (see `burdenshare agreements`)."))],
    host: HostOpt = None, fmt: FormatOpt = Format.table,
) -> None:
    from ..i18n import _
    from ..ops import agreements as ops
    from ..present import agreements as show

    k = show.with_cite(ops.key_numbers(request(ops.KeyNumbersRequest, agreement=agreement, host=host)))
    if fmt is Format.json:
        from ..present import formats

        sys.stdout.write(formats.to_json(k.model_dump(mode="json")) + "\n")
        return
    rows = show.lines(k)
    if fmt is Format.csv:
        from ..present import formats

        cells = [["key", "value"]] + [[key, "" if value is None else value] for key, value in k.model_dump(mode="json").items()
                                      if not isinstance(value, (list, dict))]
        sys.stdout.write(formats.csv_rows(cells))
        return
    from ..present.tables import print_lines

    print_lines([show.title(k), ""])
    width = max(len(label) for label, _v in rows)
    print_lines([f"{label.ljust(width)}  {value}" for label, value in rows])
    print_lines(["", str(_("Summary:")), k.summary, "", str(_("Cite as:")), k.cite or ""])


def register(app: typer.Typer) -> None:
    app.command("key-numbers", help=t("An agreement's key numbers: term, first-year total, growth rule, cap, signing date and "
                                       "term total (unknowns stay unknown), with a one-sentence summary to copy and its citation."))(key_numbers)
