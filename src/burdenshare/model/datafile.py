"""The one reader of data files: every file burdenshare opens (agreement, scenario, case, host and
assumption YAML, series and registry CSV, an imported domain's XML and JSON) is read here, so that
every problem points at a file, a field and a line, and none ends in a traceback.

:func:`read_text` takes a regular file only (a directory, a FIFO or a device is refused before
anything is read), at most a bounded number of bytes, and UTF-8 text only: a NUL or another
control character (a binary file) is refused with its line. :func:`parse_yaml` refuses anchors and
aliases, nesting deeper than :data:`MAX_DEPTH` and numbers beyond what the model computes with
(:data:`~.ranges.NUMBER_LIMIT`); :func:`load_model` validates the content with a pydantic model
and refuses ``true``/``false`` where a number belongs (pydantic would read ``true`` as 1). When
validation fails, the error's location (a path of keys and indexes) is looked up in the YAML node
tree to give the line a person should edit.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from pydantic import BaseModel, ValidationError

from ..errors import DataFileError
from ..i18n import Msg, _
from ..i18n.validation import describe, more

if TYPE_CHECKING:  # PyYAML loads when a file is first parsed (the bundled data usually comes from data/cache.py)
    import yaml

M = TypeVar("M", bound=BaseModel)


class _Filed(Protocol):
    """A document filed under its host (``<folder>/<host>/<id>.yaml``)."""

    @property
    def id(self) -> str: ...
    @property
    def host(self) -> str: ...
    def cited(self) -> Iterable[str]: ...

MAX_FILE_BYTES = 1_000_000
MAX_TABLE_BYTES = 20_000_000  # a CSV table of the data (series, registries)
MAX_DEPTH = 40
"""The deepest nesting of mappings and lists a YAML file may have (a case file needs 5)."""

# what a text file may hold: tab, line feed, carriage return and printable characters (YAML's own
# rule); anything else (NUL, other control characters, U+FFFE) means a binary or corrupted file
_NOT_TEXT = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def _locate(node: yaml.Node | None, loc: tuple[Any, ...]) -> tuple[int | None, tuple[Any, ...]]:
    """Line (1-based) of the deepest node of `loc` in the YAML tree, and the path a person sees.

    Parts of a pydantic location that are not keys of the file (the tags of a tagged union, such as
    'indexed') are dropped, except a last part: a missing or unknown field is named as it is.
    """
    import yaml

    line = node.start_mark.line + 1 if node is not None else None
    shown: list[Any] = []
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    node, line = value, key.start_mark.line + 1
                    shown.append(part)
                    break
            else:
                if last:
                    shown.append(part)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
            shown.append(part)
        elif last or isinstance(part, int):
            shown.append(part)
    return line, tuple(shown)


def read_text(path: str | Path, limit: int = MAX_FILE_BYTES) -> str:
    """A regular file's text, at most `limit` bytes: devices, FIFOs and directories are refused
    before anything is read, so that no path can block a process or exhaust its memory; bytes that
    are not UTF-8 text, or a control character (a binary file), are refused with their line."""
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise DataFileError(str(p), _("no such file")) from None
    except IsADirectoryError:
        raise DataFileError(str(p), _("is a directory, not a file")) from None
    except OSError as exc:
        raise DataFileError(str(p), _("cannot be read ({reason})", reason=exc.strerror)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise DataFileError(str(p), _("is a directory, not a file"))
        if not stat.S_ISREG(st.st_mode):
            raise DataFileError(str(p), _("is not a regular file"))
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            data = fh.read(limit + 1)
    except OSError as exc:
        raise DataFileError(str(p), _("cannot be read ({reason})", reason=exc.strerror)) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise DataFileError(str(p), _("file is larger than {limit:,} bytes", limit=limit))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise DataFileError(str(p), _("is not UTF-8 text"), line=line) from None
    bad = _NOT_TEXT.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise DataFileError(str(p), _("holds a control character (U+{code}): not a text file",
                                      code=f"{ord(bad.group()):04X}"), line=line)
    return text


def open_text(path: str | Path, limit: int = MAX_TABLE_BYTES) -> io.StringIO:
    """A text file (read as :func:`read_text` reads it) to hand to ``csv.reader``: use it in a
    ``with`` block as an open file."""
    return io.StringIO(read_text(path, limit), newline="")


class _Alias(Exception):
    """An alias met while composing (its line, 1-based)."""

    def __init__(self, line: int | None):
        self.line = line


class _TooDeep(Exception):
    """Nesting deeper than MAX_DEPTH (its line, 1-based)."""

    def __init__(self, line: int | None):
        self.line = line


@lru_cache(maxsize=1)
def _loader() -> type:
    """PyYAML's safe loader, refusing an alias as soon as the composer meets one, and nesting
    deeper than MAX_DEPTH before the composer recurses into it: the text is scanned, composed and
    constructed in one pass. (Built when a file is first parsed, so that PyYAML loads only then.)"""
    import yaml

    class _Loader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
                raise _Alias(mark.line + 1 if mark else None)
            if self.depth >= MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
                raise _TooDeep(mark.line + 1 if mark else None)
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return _Loader


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


def _numbers_in_range(loader: Any, node: yaml.Node | None, name: str) -> None:
    """Refuse a number beyond what the model computes with (10**400 in an amount), naming its
    line and field; the walk is iterative (the depth is bounded already)."""
    import yaml

    from .ranges import NUMBER_LIMIT

    stack: list[tuple[yaml.Node, tuple[Any, ...]]] = [(node, ())] if node is not None else []
    while stack:
        n, path = stack.pop()
        if isinstance(n, yaml.MappingNode):
            stack.extend((v, (*path, k.value)) for k, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend((v, (*path, i)) for i, v in enumerate(n.value))
        elif n.tag in (_INT, _FLOAT):
            try:
                v = loader.construct_yaml_int(n) if n.tag == _INT else loader.construct_yaml_float(n)
            except (ValueError, OverflowError):
                continue  # not a number after all: the model says what it expected
            if isinstance(v, float) and v != v:
                continue  # .nan: the model refuses it in its own words
            if abs(v) >= NUMBER_LIMIT:
                raise DataFileError(name, _("{value} is beyond the range of numbers burdenshare computes with (less than {limit:,} "
                                            "in size)", value=_shown(n.value), limit=NUMBER_LIMIT),
                                    field=_field_name(path) or None, line=n.start_mark.line + 1)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:200]


def _shown(text: str) -> str:
    return text if len(text) <= 24 else str(_("{head}…{tail} ({n:,} digits)", head=text[:10], tail=text[-6:], n=len(text)))


def parse_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML text (a mapping at the top level); anchors and aliases are refused, so that a
    small file cannot expand into a huge document."""
    import yaml

    loader = None
    try:
        loader = _loader()(text)  # the reader checks the characters here (read_text has already)
        node = loader.get_single_node()
        _numbers_in_range(loader, node, name)
        data = loader.construct_document(node) if node is not None else None
    except _Alias as exc:
        raise DataFileError(name, _("YAML anchors and aliases are not supported"), line=exc.line) from None
    except (_TooDeep, RecursionError) as exc:
        raise DataFileError(name, _("is nested more than {depth} levels deep", depth=MAX_DEPTH),
                            line=getattr(exc, "line", None)) from None
    except yaml.reader.ReaderError as exc:  # text given without read_text (it refuses these first)
        line: int | None = text.count("\n", 0, max(exc.position, 0)) + 1
        raise DataFileError(name, _("holds a control character (U+{code}): not a text file", code=f"{exc.character:04X}")
                            if isinstance(exc.character, int) else _("is not UTF-8 text"), line=line) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataFileError(name, _("is not valid YAML: {problem}", problem=_one_line(exc.problem or exc.context or "")),
                            line=line) from None
    except yaml.YAMLError as exc:
        raise DataFileError(name, _("is not valid YAML: {problem}", problem=_one_line(str(exc)))) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        raise DataFileError(name, _("must hold a mapping of fields (key: value) at the top level"), line=1)
    return data, node


def read_yaml(path: str | Path) -> tuple[Any, yaml.Node | None]:
    """Read and parse a YAML file, turning I/O and syntax errors into :class:`DataFileError`."""
    return parse_yaml(read_text(path), str(path))


def _field_name(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts)


def validation_error(path: str | Path, exc: ValidationError, node: yaml.Node | None) -> DataFileError:
    """The first error of a pydantic ValidationError as a DataFileError with field and line."""
    err = exc.errors(include_url=False)[0]
    loc = tuple(err.get("loc", ()))
    ctx = err.get("ctx") or {}
    if err.get("type") in ("union_tag_invalid", "union_tag_not_found"):
        loc += (str(ctx.get("discriminator", "rule")).strip("'"),)
    line, shown = _locate(node, loc)
    msg = describe(err)
    n_more = len(exc.errors()) - 1
    if n_more:
        msg = _("{problem}{more}", problem=msg, more=more(n_more))
    return DataFileError(str(path), msg, field=_field_name(shown) or None, line=line)


def _has_bool(data: Any) -> bool:
    todo = [data]
    while todo:
        d = todo.pop()
        if d is True or d is False:
            return True
        if isinstance(d, dict):
            todo.extend(d.values())
        elif isinstance(d, (list, tuple)):
            todo.extend(d)
    return False


def bool_as_number(data: Any, obj: Any) -> tuple[Any, ...] | None:
    """The path of the first ``true``/``false`` in `data` that validated into a number of `obj`
    (pydantic reads ``amount: true`` as 1), or None. Parts of `data` that the model renamed or
    rebuilt are skipped."""
    if not _has_bool(data):  # most requests: no true/false anywhere, no walk beside the model
        return None
    stack: list[tuple[Any, Any, tuple[Any, ...]]] = [(data, obj, ())]
    while stack:
        d, o, path = stack.pop()
        if isinstance(d, bool):
            if isinstance(o, (int, float)) and not isinstance(o, bool):
                return path
            continue
        if isinstance(d, dict):
            for k, v in d.items():
                if isinstance(o, BaseModel):
                    if isinstance(k, str) and k in type(o).model_fields:
                        stack.append((v, getattr(o, k), (*path, k)))
                elif isinstance(o, dict):
                    for key in (k, str(k)):
                        if key in o:
                            stack.append((v, o[key], (*path, k)))
                            break
                    else:
                        if isinstance(k, str) and k.lstrip("-").isdigit() and int(k) in o:
                            stack.append((v, o[int(k)], (*path, k)))
        elif isinstance(d, (list, tuple)) and isinstance(o, (list, tuple)) and len(d) == len(o):
            stack.extend((v, ov, (*path, i)) for i, (v, ov) in enumerate(zip(d, o, strict=True)))
    return None


def load_model(path: str | Path, model: type[M], **context: Any) -> M:
    """Read a YAML file and validate it as `model`; errors name the file, field and line."""
    data, node = read_yaml(path)
    try:
        doc = model.model_validate(data, context={"path": str(path), **context})
    except ValidationError as exc:
        raise validation_error(path, exc, node) from None
    where = bool_as_number(data, doc)
    if where is not None:
        line, shown = _locate(node, where)
        raise DataFileError(str(path), _("must be a number, not true or false"), field=_field_name(shown) or None, line=line)
    return doc


@lru_cache(maxsize=32)
def bundled(model: type[M], root: str, folder: str, host: str, sources: frozenset[str],
            wrong_host: Msg) -> tuple[tuple[str, M], ...]:
    """A host's bundled files of one kind (``<root>/<folder>/<host>/*.yaml``) validated as `model`,
    as (id, document) in the order of their file names; read once per process for each data folder,
    host and source registry.

    Each file's id must be its name, its host the host (`wrong_host`: the message otherwise, with
    ``{id}``, ``{host}`` and ``{other}``), and every source it cites (its ``cited()``) an id of the
    registry: a bundled file cites the registry, never a bare address."""
    out: list[tuple[str, M]] = []
    for path in sorted((Path(root) / folder / host).glob("*.yaml")):
        loaded = load_model(path, model)
        doc = cast(_Filed, loaded)  # every kind filed per host has these (hosts' agreements, claims ...)
        if doc.id != path.stem:
            raise DataFileError(str(path), _("id '{id}' does not match the file name '{name}'", id=doc.id, name=path.stem), field="id")
        if doc.host != host:
            raise DataFileError(str(path), wrong_host.with_params(id=doc.id, host=doc.host, other=host), field="host")
        for ref in doc.cited():
            if ref not in sources:
                raise DataFileError(str(path), _("source '{source}' is not in the registry (sources.csv)", source=ref), field="source")
        out.append((doc.id, loaded))
    return tuple(out)


# --- CSV tables: one checker of rows for every CSV data file -------------------------------------

PERIOD = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?$")


def parse_period(text: str) -> tuple[int, int | None] | None:
    """(year, month or None) of a period written ``YYYY`` or ``YYYY-MM``; None if it is neither."""
    m = PERIOD.match(text.strip())
    if not m:
        return None
    return int(m.group(1)), (int(m.group(2)) if m.group(2) else None)


def parse_number(text: str) -> float:
    """A finite number written in a data file or on the command line; ValueError with the message
    (a :class:`Msg`) as its argument otherwise."""
    try:
        v = float(text)
    except ValueError:
        raise ValueError(_("'{text}' is not a number", text=text)) from None
    if v != v or v in (float("inf"), float("-inf")):
        raise ValueError(_("'{text}' is not a finite number", text=text))
    return v


class CsvRow:
    """One row of a CSV data file: its fields (stripped), and checks whose errors name the file,
    the line and the field."""

    __slots__ = ("_fields", "line", "path")

    def __init__(self, path: str, line: int, fields: dict[str | None, str | list[str] | None]):
        self.path = path
        self.line = line
        self._fields = fields

    def text(self, field: str) -> str:
        """The field's text without surrounding white space ('' when the row is short)."""
        value = self._fields.get(field)
        return value.strip() if isinstance(value, str) else ""

    __getitem__ = text  # row["source"]: the same as row.text("source")

    def error(self, field: str, message: Msg | str) -> DataFileError:
        """An error about this row's field (raise it)."""
        return DataFileError(self.path, message, field=field, line=self.line)

    def required(self, field: str, message: Msg | str) -> str:
        """The field's text; `message` when it is empty."""
        text = self.text(field)
        if not text:
            raise self.error(field, message)
        return text

    def number(self, field: str, minimum: float | None = None, series: str = "") -> tuple[float, str]:
        """(the finite number, its text) of the field; below `minimum` (of `series`) it is refused."""
        text = self.text(field)
        try:
            value = parse_number(text)
        except ValueError as exc:
            raise self.error(field, exc.args[0]) from None
        if minimum is not None and value < minimum:
            raise self.error(field, _("{value} is below the minimum {minimum} for {series}", value=text,
                                      minimum=minimum, series=series))
        return value, text

    def year(self, field: str) -> int:
        """The field's year: a whole number from 1800 to 2200."""
        text = self.text(field)
        try:
            year = int(text)
        except ValueError:
            raise self.error(field, _("'{text}' is not a year", text=text)) from None
        if not 1800 <= year <= 2200:
            raise self.error(field, _("{year} is not a plausible year", year=year))
        return year

    def amount(self, field: str) -> int:
        """The field's whole amount in currency units, not negative (written 1,519,200,000,000 or
        1519200000000)."""
        text = self.text(field)
        digits = text.replace(",", "").replace("_", "")
        if not re.fullmatch(r"-?\d+", digits):
            raise self.error(field, _("'{text}' is not a whole amount in currency units", text=text))
        if int(digits) < 0:
            raise self.error(field, _("must not be negative"))
        return int(digits)

    def period(self, field: str) -> tuple[str, int, int | None]:
        """(text, year, month or None) of a period ``YYYY`` or ``YYYY-MM``."""
        text = self.text(field)
        p = parse_period(text)
        if p is None:
            raise self.error(field, _("'{text}' is not a period (YYYY or YYYY-MM)", text=text))
        return text, p[0], p[1]

    def month(self, field: str) -> tuple[str, int, int]:
        """(text, year, month) of a month ``YYYY-MM``."""
        text = self.text(field)
        p = parse_period(text)
        if p is None or p[1] is None:
            raise self.error(field, _("'{text}' is not a month (YYYY-MM)", text=text))
        return text, p[0], p[1]

    def known(self, field: str, status: str) -> str | None:
        """The field's text under the row's `status`: empty when it is ``unknown`` (None), never
        empty otherwise."""
        text = self.text(field)
        if status == "unknown":
            if text:
                raise self.error(field, _("an unknown value must be left empty"))
            return None
        if not text:
            raise self.error(field, _("is empty; mark the row 'unknown' if no source gives it"))
        return text

    def source(self, field: str = "source", registry: frozenset[str] | None = None, *, addresses: bool = False) -> str:
        """The field's source: never empty, and an id of the `registry` when one is given (or, with
        `addresses`, a web address)."""
        from .sources import is_url

        source = self.required(field, _("every value needs a source"))
        if registry is not None and source not in registry and not (addresses and is_url(source)):
            raise self.error(field, _("'{source}' is not in the source registry (sources.csv)", source=source))
        return source

    def once(self, field: str, key: str, seen: set[str]) -> None:
        """Refuse a second row for `key` (a period) among those `seen`; remember it."""
        if key in seen:
            raise self.error(field, _("a second value for {period}", period=key))
        seen.add(key)


def csv_rows(path: str | Path, fields: list[str], limit: int = MAX_TABLE_BYTES, optional: tuple[str, ...] = ()) -> Iterator[CsvRow]:
    """The rows of a CSV data file (read as :func:`read_text` reads it) whose header must be
    `fields` (in their order; any of the `optional` ones may be left out, read as empty), each a
    :class:`CsvRow` with its line (the header is line 1)."""
    import csv

    with open_text(path, limit) as fh:
        reader = csv.DictReader(fh)
        got = reader.fieldnames or []
        if optional and list(got) != [f for f in fields if f in got or f not in optional]:
            raise DataFileError(str(path), _("header must be {expected} (or without the optional {optional}), got {got}",
                                             expected=",".join(fields), optional=", ".join(optional), got=reader.fieldnames),
                                line=1)
        if not optional and reader.fieldnames != fields:
            raise DataFileError(str(path), _("header must be {expected}, got {got}", expected=",".join(fields),
                                             got=reader.fieldnames), line=1)
        for row in reader:  # the line a row ends on (a blank line is skipped, a quoted field may span lines)
            yield CsvRow(str(path), reader.line_num, cast("dict[str | None, str | list[str] | None]", row))
