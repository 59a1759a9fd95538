"""Pydantic's validation errors in words a person reads, in the language in force.

Pydantic reports each problem as a type (``missing``, ``greater_than`` ...) with a context; the
common types get a translated message here, and a validator's own message (a ``ValueError``
raised with a :class:`~.core.Msg`) is shown as it was written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .core import Msg, _, _n

_TEMPLATES: dict[str, Msg] = {
    "missing": _("is required but missing"),
    "extra_forbidden": _("is not a known field (check the spelling)"),
    "greater_than": _("must be greater than {gt}"),
    "greater_than_equal": _("must be at least {ge}"),
    "less_than": _("must be less than {lt}"),
    "less_than_equal": _("must be at most {le}"),
    "string_too_short": _("must have at least {min_length} characters"),
    "string_too_long": _("must have at most {max_length} characters"),
    "too_short": _("needs at least {min_length} entries"),
    "too_long": _("takes at most {max_length} entries"),
    "string_pattern_mismatch": _("does not have the expected form"),
    "int_parsing": _("must be a whole number"),
    "int_type": _("must be a whole number"),
    "int_from_float": _("must be a whole number"),
    "float_parsing": _("must be a number"),
    "float_type": _("must be a number"),
    "finite_number": _("must be a finite number"),
    "bool_parsing": _("must be true or false"),
    "bool_type": _("must be true or false"),
    "string_type": _("must be text"),
    "dict_type": _("must be a mapping of names to values"),
    "list_type": _("must be a list"),
    "tuple_type": _("must be a list"),
    "date_parsing": _("must be a date such as 2024-11-04"),
    "date_from_datetime_parsing": _("must be a date such as 2024-11-04"),
    "date_type": _("must be a date such as 2024-11-04"),
    "literal_error": _("must be one of {expected}"),
    "enum": _("must be one of {expected}"),
    "union_tag_invalid": _("'{tag}' is not one of {expected_tags}"),
    "union_tag_not_found": _("is required but missing (one of the kinds of rule)"),
    "json_invalid": _("is not valid JSON"),
    "model_type": _("must be a mapping of fields"),
    "model_attributes_type": _("must be a mapping of fields"),
}


def describe(err: Mapping[str, Any]) -> Msg | str:
    """One pydantic error (an item of ``ValidationError.errors()``) as a message."""
    kind = err.get("type", "")
    ctx = dict(err.get("ctx") or {})
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        original = ctx["error"]
        inner = original.args[0] if getattr(original, "args", None) else original
        return inner if isinstance(inner, Msg) else str(inner)
    tmpl = _TEMPLATES.get(kind)
    if tmpl is None:
        return str(err.get("msg", "invalid value"))
    params = {k: v for k, v in ctx.items() if isinstance(v, (str, int, float))}
    for key in ("gt", "ge", "lt", "le", "min_length", "max_length", "expected", "tag", "expected_tags"):
        params.setdefault(key, "")
    msg = Msg(tmpl.msgid, params)
    if "input" in err and not isinstance(err["input"], (dict, list)) and kind not in ("missing", "extra_forbidden"):
        return _("{problem} (got {value})", problem=msg, value=_short(err["input"]))
    return msg


def more(n: int) -> Msg:
    return _n(" (and {n} more problem)", " (and {n} more problems)", n=n)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_TAGS = {"str", "int", "float", "bool", "dict", "list", "tuple", "none", "lax-or-strict", "json-or-python"}


def _is_tag(part: Any) -> bool:
    """Whether a location part is pydantic's name for a union member or a validator, not a field."""
    if isinstance(part, int):
        return False
    s = str(part)
    return "-" in s or "[" in s or s[:1].isupper() or s in _TYPE_TAGS


def location(err: dict[str, Any], skip: tuple[str, ...] = ()) -> str:
    """The field an error is about, as a dotted path (``overrides.cpi.2027``, ``scenarios.0.id``)."""
    return ".".join(str(p) for p in err.get("loc", ()) if not _is_tag(p) and p not in skip)


def pick(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """The most telling of several errors: of a union's members, the one the input was meant as
    (a wrong type for a member is the least telling)."""
    telling = [e for e in errors if e.get("type") not in ("model_type", "model_attributes_type", "dict_type", "string_type")]
    return (telling or errors)[0]
