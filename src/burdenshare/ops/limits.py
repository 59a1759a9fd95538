"""Every limit on what one request may ask, in one place.

Two policies: ``LOCAL`` for the CLI and the Python API (your own machine: bounded only by memory),
``WEB`` for the HTTP API (a shared server: smaller, so that no one request or client takes it over).
``/api/v1/limits`` publishes ``WEB``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

DEFAULT_PATHS = 20_000
DEFAULT_SEED = 1
"""A simulation's paths and seed when none are given (``SimulationRequest``): one definition for the
CLI, the Python API and the web page, so that the same question gets the same answer everywhere;
every result records both in its meta, cite line and downloads."""


@dataclass(frozen=True)
class Limits:
    paths: int  # Monte Carlo paths in one run (per-path totals take 32 bytes a path)
    runs: int  # simulated negotiations in one run
    sobol_samples: int  # base sample of a Sobol analysis
    frontier_rows: int  # rows of a Pareto frontier in one answer
    jobs_per_client: int = 0  # queued or running jobs one client may have (0: no queue)
    jobs_queued: int = 0  # queued jobs over all clients
    job_workers: int = 0  # jobs that run at once in one server process
    # admission by cost (a simulation: paths x years simulated; a tournament: games x rounds allowed)
    job_small_cost: int = 0  # a job up to this cost is small: claimed first, and admitted into the reserved places
    jobs_reserved_small: int = 0  # of the jobs_queued places, those kept for small jobs
    jobs_queued_cost: int = 0  # the cost of the large jobs queued over all clients
    job_client_cost: int = 0  # the cost of one client's queued and running jobs (its share of the queue)
    job_attempts: int = 0  # times a job is taken again after its server died, before it is failed
    inline_cases: bool = True  # whether a negotiation case may be sent as a document

    def as_dict(self) -> dict[str, int | bool]:
        return asdict(self)


LOCAL = Limits(paths=20_000_000, runs=10_000_000, sobol_samples=2**20, frontier_rows=10_000_000)
WEB = Limits(paths=2_000_000, runs=200_000, sobol_samples=4096, frontier_rows=10_000,
             jobs_per_client=4, jobs_queued=64, job_workers=2, inline_cases=False,
             job_small_cost=1_000_000, jobs_reserved_small=16, jobs_queued_cost=400_000_000, job_client_cost=40_000_000,
             job_attempts=3)

MAX_OVERRIDE_SERIES = 20  # series in one request's overrides
MAX_OVERRIDE_YEARS = 200  # years per series
MAX_SCENARIOS = 10  # scenarios compared at once
MAX_NAME = 64  # characters of an agreement, scenario, case or host name
MAX_NOTE = 1000  # characters of a free-text note
