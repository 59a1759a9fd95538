"""Reading YAML data files so that every validation error points at a file, a field and a line.

Agreement, scenario and assumption files are YAML. A pydantic model validates their content; when it
fails, the error's location (a path of keys and indexes) is looked up in the YAML node tree to give
the line a person should edit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import DataFileError

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 1_000_000


def _locate(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Line (1-based) of the deepest node of `loc` found in the YAML tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    node = value
                    line = key.start_mark.line + 1
                    break
            # parts that pydantic adds (union tags) are not keys: skip them
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
        else:
            break
    return line


def read_yaml(path: str | Path) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file, turning I/O and syntax errors into :class:`DataFileError`."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise DataFileError(str(p), f"file is larger than {MAX_FILE_BYTES} bytes")
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(str(p), "no such file") from None
    except IsADirectoryError:
        raise DataFileError(str(p), "is a directory, not a file") from None
    except UnicodeDecodeError:
        raise DataFileError(str(p), "is not UTF-8 text") from None
    except OSError as exc:
        raise DataFileError(str(p), f"cannot be read ({exc.strerror})") from None
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataFileError(str(p), f"is not valid YAML: {exc.problem}", line=line) from None
    except yaml.YAMLError as exc:
        raise DataFileError(str(p), f"is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise DataFileError(str(p), "must hold a mapping of fields (key: value) at the top level", line=1)
    return data, node


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
    # union tags ('fixed', 'indexed', 'function-after[...]') are noise in a field path
    shown = tuple(p for p in loc if isinstance(p, int) or not (str(p).startswith("function-") or "[" in str(p)))
    msg = err.get("msg", "invalid value")
    if err.get("type") == "missing":
        msg = "is required but missing"
    elif err.get("type") == "extra_forbidden":
        msg = "is not a known field (check the spelling)"
    elif "input" in err and not isinstance(err["input"], (dict, list)):
        msg = f"{msg} (got {err['input']!r})"
    more = len(exc.errors()) - 1
    if more:
        msg += f" (and {more} more problem{'s' if more > 1 else ''})"
    return DataFileError(str(path), msg, field=_field_name(shown) or None, line=_locate(node, loc))


def load_model(path: str | Path, model: type[M], **context: Any) -> M:
    """Read a YAML file and validate it as `model`; errors name the file, field and line."""
    data, node = read_yaml(path)
    try:
        return model.model_validate(data, context={"path": str(path), **context})
    except ValidationError as exc:
        raise validation_error(path, exc, node) from None
