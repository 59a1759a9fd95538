"""The operations: one function per question a user can ask, each taking a typed request and
returning a typed result. The CLI, the Python API and the web routes are thin adapters over these.

- :mod:`.figures`: history, schedule, compare, series, sources, agreements, scenarios, categories
- :mod:`.uncertainty`: simulate, sensitivity, fit_model
- :mod:`.negotiation`: cases, show, offers, gap, frontier, solutions, value, bargain
- :mod:`.hosts`: the hosts compared
- :mod:`.jobs`, :mod:`.rooms`, :mod:`.saved`: long jobs, negotiation rooms and saved scenarios in the store

Errors name request fields (``overrides.cpi.2027``, ``paths``); limits are in :mod:`.limits`.
"""
