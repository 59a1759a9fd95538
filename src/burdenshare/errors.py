"""Errors that users can cause, and how they are reported.

Every problem with input (a data file, a command-line option, an API argument) is raised as an
:class:`InputError` that names where the problem is (file, field, line or parameter) and what is
wrong. Interfaces catch it: the CLI prints the message and exits with code 2, the HTTP API answers
4xx. Anything else is a bug in burdenshare.
"""

from __future__ import annotations

__all__ = ["BurdenshareError", "InputError", "DataFileError", "UnknownNameError", "MissingValueError"]


class BurdenshareError(Exception):
    """Base class of every error burdenshare raises on purpose."""


class InputError(BurdenshareError, ValueError):
    """Bad input: the message says where and what."""

    def __init__(self, message: str, *, where: str | None = None):
        self.where = where
        self.detail = message
        super().__init__(f"{where}: {message}" if where else message)


class DataFileError(InputError):
    """A data file (agreement, series, scenario, assumptions) is malformed."""

    def __init__(self, path: str, message: str, *, field: str | None = None, line: int | None = None):
        self.path = str(path)
        self.field = field
        self.line = line
        where = self.path
        if line is not None:
            where += f", line {line}"
        if field:
            where += f", field '{field}'"
        super().__init__(message, where=where)


class UnknownNameError(InputError, LookupError):
    """A name (agreement, series, scenario, host) that the data does not hold."""

    def __init__(self, kind: str, name: str, known: list[str] | tuple[str, ...] = ()):
        hint = f" (known: {', '.join(sorted(known))})" if known else ""
        super().__init__(f"unknown {kind} '{name}'{hint}")
        self.kind = kind
        self.name = name


class MissingValueError(InputError, LookupError):
    """A value the computation needs is unknown: no source, no assumption, no override."""
