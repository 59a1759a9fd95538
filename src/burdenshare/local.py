"""Your own files, for the CLI and the Python API on your own machine: an argument that names a
file (it ends in .yaml or .yml, or a file of that name exists) is read and validated here and
passed on as a document. The web never imports this module: over HTTP a name is only ever looked
up among the data's names (an import-linter contract keeps it so)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def is_file_ref(value: Any) -> bool:
    if not isinstance(value, (str, Path)):
        return False
    p = Path(value)
    return p.suffix.lower() in (".yaml", ".yml") or "/" in str(value) or p.is_file()


def agreement(value: Any) -> Any:
    """An agreement name as it is, or the agreement a file holds."""
    if not is_file_ref(value):
        return value
    from .model.agreement import load_agreement

    return load_agreement(value)


def scenario(value: Any) -> Any:
    if not is_file_ref(value):
        return value
    from .analysis.scenarios import load_scenario

    return load_scenario(value)


def case(value: Any) -> Any:
    if not is_file_ref(value):
        return value
    from .analysis.negotiation.case import load_case

    return load_case(value)


def target(value: Any) -> Any:
    """An agreement or a scenario file (told apart by their fields), or a name."""
    if not is_file_ref(value):
        return value
    from .model.datafile import read_yaml

    data, _node = read_yaml(value)
    return scenario(value) if "baseline" in data else agreement(value)


def folder(path: Any, max_files: int = 20, max_bytes: int = 200 * 1024 * 1024) -> dict[str, str]:
    """The text files of a folder (an exported or downloaded negotiation domain), by name."""
    from .errors import InputError
    from .i18n import _
    from .model.datafile import read_text

    p = Path(path)
    if not p.is_dir():
        raise InputError(_("'{path}' is not a folder", path=str(path)[:200]), where="files")
    out: dict[str, str] = {}
    total = 0
    for f in sorted(p.iterdir()):
        if f.is_file() and f.suffix.lower() in (".xml", ".json"):
            total += f.stat().st_size
            if len(out) >= max_files or total > max_bytes:
                raise InputError(_("'{path}' holds too many or too large files", path=str(path)[:200]), where="files")
            out[f.name] = read_text(f, max_bytes)
    return out
