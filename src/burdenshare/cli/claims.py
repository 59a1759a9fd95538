"""``burdenshare claim [CLAIM]``: the bundled claims, and what one of them means against the model.
The views come from :mod:`burdenshare.present.claims` (the web's pages show the same)."""

import sys
from typing import Annotated

import typer

from .command import command, request
from .common import Format, emit, options, t


def claim(claim: str | None = None, host: str | None = None, fmt: Format = Format.table) -> None:
    """Without CLAIM, the list; with it, the claim against the model."""
    from ..ops import claims as ops
    from ..ops.common import Request
    from ..present import claims as show, formats
    from ..present.tables import print_view

    if claim is None:
        listing = ops.claims(request(Request, host=host))
        if fmt is Format.table:
            print_view(show.claims_list(listing))
        else:
            emit(listing, fmt)
        return
    res = ops.claim(request(ops.ClaimRequest, host=host, claim=claim))
    if fmt is Format.json:
        sys.stdout.write(formats.to_json(res.to_dict()) + "\n")
    elif fmt is Format.csv:
        sys.stdout.write(formats.to_csv(res["years"].frame))
    else:
        print_claim(res)


def print_claim(res: object) -> None:
    """One claim in the terminal: the presenter's view, then where future years come from."""
    from ..i18n import _
    from ..ops.result import Tables
    from ..present import claims as show
    from ..present.tables import print_view

    assert isinstance(res, Tables)
    print_view(show.claim_detail(res), [_("  ·: no source gives the figure (nothing is estimated); future years use the labelled "
                                         "assumptions (see `burdenshare series`).")])


def register(app: typer.Typer) -> None:
    o = options()
    command(app, claim,
            help=t("Claims about what a host pays (\"$10 billion a year\", \"$33 billion\", \"very little\", \"the 5% cap\"): "
                   "without CLAIM, the list; with it, what the claim means per year, per US soldier, as a share of the "
                   "defence budget and of GDP, against the agreement's path and the support ledger, with the sources on both sides."),
            claim=Annotated[str | None, typer.Argument(help=t("A claim id (see `burdenshare claim`)."))], host=o.host, fmt=o.format)
