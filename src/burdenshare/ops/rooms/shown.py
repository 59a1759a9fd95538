"""Packages and issues as a holder of a link reads them: in words, with money formatted (i18n.money)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...errors import InputError
from ...i18n.money import format as money
from ..negotiation import issue_field, with_amounts
from .models import ShownPackage
from .space import Package, package_value

if TYPE_CHECKING:
    from ...analysis.negotiation.case import Issue
    from ...analysis.negotiation.space import Space

__all__ = ["at_package", "checked_package", "first_year", "issue_entry", "package_words", "shown_fields", "shown_package"]


def package_words(sp: Space, package: Package) -> str:
    from ...analysis.negotiation.words import describe

    return describe(sp.case, package, sp.cat.host.currency)


def shown_package(sp: Space, package: Package) -> ShownPackage:
    """A package in words, with its payments and totals written out (public figures only)."""
    v = package_value(sp, package)
    cur = sp.cat.host.currency
    fy = first_year(sp).id
    pkg = v["package"]
    return ShownPackage(package=pkg, words=package_words(sp, pkg), first_year=pkg[fy], first_year_text=money(pkg[fy], cur),
                        total=v["total"], total_text=money(v["total"], cur), total_dollars=v["total_dollars"],
                        total_dollars_text=money(v["total_dollars"], sp.cat.host.dollar, style="sig"), years=v["years"],
                        payments=v["payments"], payments_text=[money(x, cur) for x in v["payments"]])


def shown_fields(sp: Space, package: Package) -> dict[str, Any]:
    """:func:`shown_package` as the fields of a view's item."""
    return shown_package(sp, package).model_dump()


def first_year(sp: Space) -> Issue:
    fy = sp.case.issue("first_year")
    assert fy is not None  # a case without a first-year total is refused when it is read
    return fy


def checked_package(sp: Space, package: Package) -> Package:
    """The package with amounts read and every issue value checked against the case; an error names
    the package's field (``package.<issue>``) and the issue as the reader knows it."""
    pkg = with_amounts(sp.case, package, "package") or {}
    try:
        checked: Package = package_value(sp, pkg)["package"]
    except InputError as exc:
        raise at_package(sp, exc) from None
    return checked


def at_package(sp: Space, exc: InputError) -> InputError:
    """An error about an issue placed in the request's package."""
    where = f"package.{exc.where}" if exc.where and not exc.where.startswith("package") else exc.where
    return exc.at(where, field=issue_field(sp.case, where))


def issue_entry(sp: Space, i: Issue) -> dict[str, Any]:
    """An issue for the offer form: its bounds written out, or its options with their labels."""
    from ...analysis.negotiation.words import issue_title, option_label

    cur = sp.cat.host.currency
    d: dict[str, Any] = {"id": i.id, "kind": i.kind, "title": issue_title(i)}
    if i.kind == "first_year":
        assert i.min is not None and i.max is not None and i.step is not None
        d.update({"min": i.min, "max": i.max, "step": i.step, "min_text": money(i.min, cur), "max_text": money(i.max, cur),
                  "step_text": money(i.step, cur)})
    else:
        d["options"] = [{"value": o, "label": option_label(i, o, cur)} for o in i.values()]
        d["numeric"] = i.kind in ("term", "cap") or all(isinstance(o, (int, float)) for o in i.values())
    return d
