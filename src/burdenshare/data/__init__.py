"""The bundled data: plain files (YAML agreements, CSV series, a source registry).

Nothing here computes; :mod:`burdenshare.model` reads these files and validates them.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
