"""Errors that users can cause, and how they are reported.

Every problem with input (a data file, a request field, a command-line option) is raised as an
:class:`InputError` that names where the problem is (``where``: a file, field and line, or a request
field such as ``overrides.cpi.2027`` or ``paths``) and what is wrong (a translatable message).
People read the field by its name on the page ("2030년 기준 금액", "first-year total": ``field_name``,
from :mod:`.i18n.fields`), machines by its path. Interfaces catch it: the CLI rewrites the field to
its flag, prints one line and exits with code 2; the HTTP API answers 4xx with a JSON body whose
``error`` is the human text (:attr:`InputError.text`) and ``where`` the path. Anything else is a
bug in burdenshare.

Fields, never flags: code below the interfaces names request fields only.
"""

from __future__ import annotations

from typing import Any, Self

from .i18n import Msg, _

__all__ = [
    "AuthError",
    "BurdenshareError",
    "Conflict",
    "DataFileError",
    "FetchError",
    "InputError",
    "LimitError",
    "MissingValueError",
    "NotFound",
    "Unavailable",
    "UnknownNameError",
]


class BurdenshareError(Exception):
    """Base class of every error burdenshare raises on purpose."""


class InputError(BurdenshareError, ValueError):
    """Bad input: ``where`` says where, the message says what."""

    status = 400

    def __init__(self, message: str | Msg, *, where: str | Msg | None = None, field: str | Msg | None = None):
        self._where = where
        self._field = field
        self.message = message
        super().__init__(message)

    def at(self, where: str | Msg | None, *, field: str | Msg | None = None) -> Self:
        """The same error placed at another request field (and, if given, under another reader's
        name): a new error of the same class, this one left as it is. For re-raising where the
        caller knows the field, ``raise exc.at("scenario.host") from None``."""
        new = type(self).__new__(type(self), *self.args)
        new.__dict__.update(self.__dict__)
        new._where = where
        if field is not None:
            new._field = field
        return new

    @property
    def where(self) -> str | None:
        """Where the problem is: a request field (``overrides.cpi.2027``), or a file and line."""
        return None if self._where is None else str(self._where)

    @property
    def detail(self) -> str:
        """The message in the language in force."""
        return str(self.message)

    @property
    def field_name(self) -> str | None:
        """The request field as a reader knows it ("2030년 기준 금액", "first-year total"); None
        for a file and line, or a field without a reader's name."""
        if self._field is not None:
            return str(self._field)
        from .i18n.fields import reader

        name = reader(self.where)
        return None if name is None else str(name)

    @property
    def text(self) -> str:
        """What a person reads: the field by its reader's name, then what is wrong (a file and line
        lead the message as they are)."""
        field = self.field_name
        if field:
            return str(_("{field}: {problem}", field=field, problem=self.detail))
        return self.detail

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}" if self.where else self.detail


class DataFileError(InputError):
    """A data file (agreement, series, scenario, case, assumptions) is malformed."""

    def __init__(self, path: str, message: str | Msg, *, field: str | None = None, line: int | None = None):
        self.path = str(path)
        self.field = field
        self.line = line
        where: str | Msg
        if line is not None and field:
            where = _("{path}, line {line}, field '{field}'", path=self.path, line=line, field=field)
        elif line is not None:
            where = _("{path}, line {line}", path=self.path, line=line)
        elif field:
            where = _("{path}, field '{field}'", path=self.path, field=field)
        else:
            where = self.path
        super().__init__(message, where=where)

    @property
    def field_name(self) -> str | None:
        return None

    @property
    def text(self) -> str:
        return f"{self.where}: {self.detail}"


class UnknownNameError(InputError, LookupError):
    """A name (agreement, series, scenario, host, case) that the data does not hold."""

    status = 404

    def __init__(self, kind: str | Msg, name: str, known: list[str] | tuple[str, ...] = (), *, where: str | None = None):
        shown = name if len(name) <= 80 else name[:77] + "..."
        if known:
            msg = _("unknown {kind} '{name}' (known: {known})", kind=kind, name=shown, known=", ".join(sorted(known)))
        else:
            msg = _("unknown {kind} '{name}'", kind=kind, name=shown)
        super().__init__(msg, where=where)
        self.kind = kind
        self.name = name

    @property
    def field_name(self) -> str | None:
        return None  # the message names the kind already ("unknown agreement 'sma-99'")


class MissingValueError(InputError, LookupError):
    """A value the computation needs is unknown: no source, no assumption, no override.

    ``series`` and ``year`` say which value, so that each interface can say how to give it."""

    def __init__(self, message: str | Msg, *, where: str | None = None, series: str | None = None, year: int | None = None):
        super().__init__(message, where=where)
        self.series = series
        self.year = year


class AuthError(InputError):
    """Missing, wrong or foreign token (the API answers 403 without saying which)."""

    status = 403


class NotFound(InputError):
    status = 404


class Conflict(InputError):
    status = 409


class LimitError(InputError):
    """A limit on use was reached (too many jobs, rooms, requests): try again later."""

    status = 429

    def __init__(self, message: str | Msg, *, where: str | None = None, retry_after: int = 10, **extra: Any):
        super().__init__(message, where=where)
        self.retry_after = retry_after
        self.extra = extra


class Unavailable(BurdenshareError):
    """The database cannot be reached for the moment (stopped, restarting, locked): nothing the
    request did is wrong, and the same request a few seconds later is answered (503 with
    ``Retry-After``). The servers reconnect by themselves."""

    status = 503

    def __init__(self, message: str | Msg | None = None, *, retry_after: int = 5):
        self.message = message if message is not None else _("the database is not available at the moment; try again in a few seconds")
        self.retry_after = retry_after
        self.where = "database"
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


class FetchError(BurdenshareError):
    """A publisher could not be reached, refused a request or answered outside its documented format
    (``burdenshare update``: one line, exit code 2, nothing written)."""

    status = 502
