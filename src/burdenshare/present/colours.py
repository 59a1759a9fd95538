"""The colours every view shares: a figure's status as charts and table swatches show it. A module of
its own so that a terminal table, which needs only these, does not load the chart code."""

from __future__ import annotations

STATUS_COLOURS = {
    "published": "#1f4e79", "derived": "#3a7dbf", "projected": "#f0a030", "counterfactual": "#c0504d",
    "scenario": "#8064a2", "unknown": "#bbbbbb",
}
