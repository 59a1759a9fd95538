"""Uncertainty: stochastic models of the driving series, Monte Carlo through the schedule engine,
and sensitivity analysis."""
