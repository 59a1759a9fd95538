"""Negotiation analysis: cases as data, package spaces valued by the schedule engine, the Pareto
frontier and bargaining solutions, offers by round, and simulated alternating-offers bargaining."""
