"""Reading YAML data files so that every validation error points at a file, a field and a line.

Agreement, scenario and assumption files are YAML. A pydantic model validates their content; when it
fails, the error's location (a path of keys and indexes) is looked up in the YAML node tree to give
the line a person should edit.
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import DataFileError
from ..i18n import Msg, _
from ..i18n.validation import describe, more

if TYPE_CHECKING:
    import yaml

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 1_000_000


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
    before anything is read, so that no path can block a process or exhaust its memory."""
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise DataFileError(str(p), _("no such file")) from None
    except IsADirectoryError:
        raise DataFileError(str(p), _("is a directory, not a file")) from None
    except OSError as exc:
        raise DataFileError(str(p), _("cannot be read ({reason})", reason=exc.strerror)) from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if stat.S_ISDIR(st.st_mode):
            raise DataFileError(str(p), _("is a directory, not a file"))
        if not stat.S_ISREG(st.st_mode):
            raise DataFileError(str(p), _("is not a regular file"))
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise DataFileError(str(p), _("file is larger than {limit:,} bytes", limit=limit))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise DataFileError(str(p), _("is not UTF-8 text")) from None


class _Alias(Exception):
    """An alias met while composing (its line, 1-based)."""

    def __init__(self, line: int | None):
        self.line = line


@lru_cache(maxsize=1)
def _loader() -> type:
    """PyYAML's safe loader, refusing an alias as soon as the composer meets one: the text is
    scanned, composed and constructed in one pass. (PyYAML loads when a file is first read: the
    bundled data usually comes from the cache, data/cache.py.)"""
    import yaml

    class _Loader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise _Alias(mark.line + 1 if mark else None)
            return super().compose_node(parent, index)

    return _Loader


def parse_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML text (a mapping at the top level); anchors and aliases are refused, so that a
    small file cannot expand into a huge document."""
    import yaml

    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _Alias as exc:
        raise DataFileError(name, _("YAML anchors and aliases are not supported"), line=exc.line) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataFileError(name, _("is not valid YAML: {problem}", problem=exc.problem), line=line) from None
    except yaml.YAMLError as exc:
        raise DataFileError(name, _("is not valid YAML: {problem}", problem=str(exc))) from None
    finally:
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


def load_model(path: str | Path, model: type[M], **context: Any) -> M:
    """Read a YAML file and validate it as `model`; errors name the file, field and line."""
    data, node = read_yaml(path)
    try:
        return model.model_validate(data, context={"path": str(path), **context})
    except ValidationError as exc:
        raise validation_error(path, exc, node) from None


@lru_cache(maxsize=32)
def bundled(model: type[M], root: str, folder: str, host: str, sources: frozenset[str],
            wrong_host: Msg) -> tuple[tuple[str, M], ...]:
    """A host's bundled files of one kind (``<root>/<folder>/<host>/*.yaml``) validated as `model`,
    as (id, document) in the order of their file names; read once per process for each data folder,
    host and source registry.

    Each file's id must be its name, its host the host (`wrong_host`: the message otherwise, with
    ``{id}``, ``{host}`` and ``{other}``), and every source it cites (its ``cited()``) an id of the
    registry: a bundled file cites the registry, never a bare address."""
    out = []
    for path in sorted((Path(root) / folder / host).glob("*.yaml")):
        doc = load_model(path, model)
        if doc.id != path.stem:
            raise DataFileError(str(path), _("id '{id}' does not match the file name '{name}'", id=doc.id, name=path.stem), field="id")
        if doc.host != host:
            raise DataFileError(str(path), wrong_host.with_params(id=doc.id, host=doc.host, other=host), field="host")
        for ref in doc.cited():
            if ref not in sources:
                raise DataFileError(str(path), _("source '{source}' is not in the registry (sources.csv)", source=ref), field="source")
        out.append((doc.id, doc))
    return tuple(out)
