"""Compile a .po catalog to .mo (``python -m burdenshare.i18n.compile IN.po OUT.mo``).

Babel's own compiler also checks %-placeholders, which these catalogs do not use (texts use brace
fields, and a '%' in a text such as '5% of' would be taken for one); this writes the .mo without
that check."""

from __future__ import annotations

import sys
from pathlib import Path

from .core import compile_po


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    src, dst = Path(args[0]), Path(args[1])
    data = compile_po(src)
    tmp = dst.with_suffix(".mo.tmp")
    tmp.write_bytes(data)
    tmp.replace(dst)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
