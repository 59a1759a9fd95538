"""The preset sizes of a finished chart, named once for the command line, the web and the drawing
(``present.charts``): article 1200×675 px, square 1080×1080 px, A4 landscape at 300 dpi. A module
of its own so that naming a size does not load the charts' code."""

from __future__ import annotations

from enum import StrEnum

# name: (width px, height px, dots per inch)
SIZES = {"article": (1200, 675, 100), "square": (1080, 1080, 100), "a4": (3508, 2480, 300)}


class ChartSize(StrEnum):
    """A preset size, by its name in :data:`SIZES`."""

    article = "article"
    square = "square"
    a4 = "a4"


assert {s.value for s in ChartSize} == set(SIZES)
