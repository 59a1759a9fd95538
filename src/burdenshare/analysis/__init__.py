"""Analysis on top of the model: history, scenarios and comparisons."""
