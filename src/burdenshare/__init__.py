"""burdenshare: an open, auditable model of defence cost-sharing between allies.

The public API returns pandas DataFrames::

    import burdenshare as bs
    bs.history()                         # 1991-2030, every year sourced or marked unknown
    bs.schedule("sma-12", overrides={"cpi": {2026: 3.1}})
    bs.compare("sma-12", ["us-demand-5bn", "freeze-2025"])

Heavy libraries (numpy, pandas) load on first use, so importing the package is cheap.
"""

from __future__ import annotations

from typing import Any

from .errors import BurdenshareError, DataFileError, InputError, MissingValueError, UnknownNameError

__version__ = "0.1.0"

# the functions of burdenshare.api, loaded on first use (api.__all__ is built from this list)
API_NAMES = ("history", "schedule", "compare", "compare_totals", "series", "sources", "agreements", "scenarios", "published",
        "categories", "hosts", "host_list", "simulate", "sensitivity", "fit_model", "ledger", "execution", "claims", "claim",
        "negotiation_cases", "negotiation_space", "negotiation_value", "negotiation_offers", "negotiation_gap",
        "negotiation_frontier", "negotiation_solutions", "negotiation_simulate", "negotiation_tournament",
        "negotiation_export", "negotiation_import", "replay", "key_numbers",
        "data_version", "data_status", "data_diff", "update")

__all__ = [*API_NAMES, "BurdenshareError", "InputError", "DataFileError", "UnknownNameError", "MissingValueError", "__version__"]  # noqa: PLE0604 - API_NAMES is a tuple of names


def __getattr__(name: str) -> Any:
    if name in API_NAMES:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'burdenshare' has no attribute '{name}'")
