"""Commands as module-level functions: a command is a plain function (plain types, callable and
testable as it is); :func:`command` registers it with its flags, whose help texts are written in the
language in force when the application is built (after ``--lang`` is read)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import typer

if TYPE_CHECKING:
    from pydantic import BaseModel

R = TypeVar("R", bound="BaseModel")


def command(app: typer.Typer, func: Callable[..., None], *, help: str, name: str | None = None, **params: Any) -> None:
    """Registers `func` as a command: `params` give its parameters' annotations (the flags with their
    help texts, e.g. ``host=options().host``); the function keeps its own."""
    sig = inspect.signature(func)

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> None:
        func(*args, **kwargs)

    run.__signature__ = sig.replace(  # type: ignore[attr-defined]  # read by inspect.signature, which Typer calls
        parameters=[p.replace(annotation=params.get(p.name, p.annotation)) for p in sig.parameters.values()])
    run.__annotations__ = {**func.__annotations__, **params}
    app.command(name, help=help)(run)


def request(cls: type[R], **fields: object) -> R:
    """A request from flag values (None: not given); problems name the field, which the CLI writes as its flag."""
    from ..ops.common import validate  # pandas and the models load when a command runs, not for --help

    out: R = validate(cls, {k: v for k, v in fields.items() if v is not None})
    return out
