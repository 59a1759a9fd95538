"""Stochastic models of the driving series: fitted to the bundled history, shown, overridable.

Model. The deterministic inputs (data, plans, forecasts, default assumptions, overrides) give a
central path c_t for each variable the host lists (``uncertainty.variables`` in its host file: for
Korea consumer price inflation, defence budget growth, both in percent, and the exchange rate's
annual log change, 100 x ln(F_t / F_{t-1})). Monte Carlo paths deviate from it:

    x_t = c_t + d_t,    d_t = A d_{t-1} + e_t,    e_t ~ N(0, Sigma),    d = 0 in the last known year

- ``var``: A is the full K x K matrix of a VAR(1) fitted by least squares (with intercept) on the
  annual history; Sigma is the residual covariance (correlated shocks).
- ``ar1``: A is diagonal (each variable its own AR(1)), shocks still correlated.
- ``bootstrap``: d_t are historical deviations from the sample mean, drawn in moving blocks of
  consecutive years (all variables of a year together, so cross-correlation is kept).

Years whose value is known (observed, as applied, computed, or overridden by the user) are not
simulated: their deviation is 0 and the next year's deviation builds on that. The exchange rate's
deviations accumulate: F~_t = F_t x exp(sum of d up to t / 100).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

import numpy as np

from ...errors import InputError, UnknownNameError
from ...i18n import _
from ...model.catalog import Catalog
from ...model.series import METRIC_PRECEDENCE, Inputs

KNOWN = frozenset({"observed", "applied", "computed", "override"})
MIN_YEARS = 12


Kind = Literal["var", "ar1", "bootstrap"]


@dataclass(frozen=True)
class History:
    """The annual sample the models are fitted to (one row per year, one column per variable)."""

    years: np.ndarray
    names: tuple[str, ...]
    values: np.ndarray  # (n, K)


def variables(cat: Catalog) -> tuple[str, ...]:
    """The host's simulated variables (roles), in the order of its host file."""
    return tuple(v.role for v in cat.host.variables)


def is_level(cat: Catalog, role: str) -> bool:
    """Whether a variable is a level modelled by its log change (an exchange rate)."""
    return any(v.role == role and v.transform == "log_change" for v in cat.host.variables)


def history(cat: Catalog, first: int | None = None, last: int | None = None) -> History:
    """Years in which every variable is observed (rates in percent; levels as 100 x log change)."""
    host = cat.host
    names = variables(cat)
    cols: dict[str, dict[int, float]] = {}
    for v in names:
        vals: dict[int, float] = {}
        for row in cat.book.rows(host.series_for(v)):
            if row.status == "observed" and row.known and row.value is not None:  # (a known value is not None)
                vals[row.year] = row.value
        if is_level(cat, v):
            vals = {y: 100 * np.log(vals[y] / vals[y - 1]) for y in vals if y - 1 in vals}
        cols[v] = vals
    years = sorted(set.intersection(*(set(c) for c in cols.values())))
    if first is not None:
        years = [y for y in years if y >= first]
    if last is not None:
        years = [y for y in years if y <= last]
    values = np.array([[cols[v][y] for v in names] for y in years], dtype=float).reshape(len(years), len(names))
    return History(np.array(years, dtype=int), names, values)


@dataclass(frozen=True)
class Model:
    """A fitted (or user-set) model of the deviations of the driving variables."""

    kind: Kind
    names: tuple[str, ...]
    A: np.ndarray  # (K, K)
    cov: np.ndarray  # (K, K) shock covariance
    intercept: np.ndarray  # (K,) fitted intercept (shown; the central path replaces it)
    sample_years: tuple[int, int]
    n_obs: int
    block_length: int = 3
    residuals: np.ndarray | None = field(default=None, repr=False)
    deviations: np.ndarray | None = field(default=None, repr=False)  # bootstrap: (n, K) demeaned history
    months_scale: float = 1.0  # `scaled` also scales the surprises of the months not yet published

    @property
    def sd(self) -> np.ndarray:
        return np.sqrt(np.diag(self.cov))

    @property
    def corr(self) -> np.ndarray:
        sd = self.sd
        with np.errstate(invalid="ignore", divide="ignore"):
            c = self.cov / np.outer(sd, sd)
        return np.where(np.outer(sd, sd) > 0, c, np.eye(len(sd)))

    @property
    def max_eigenvalue(self) -> float:
        return float(np.max(np.abs(np.linalg.eigvals(self.A)))) if self.A.size else 0.0

    def index(self, name: str) -> int:
        name = name.replace("-", "_")
        if name not in self.names:
            raise UnknownNameError(_("model variable"), name, self.names, where="params")
        return self.names.index(name)

    def with_sd(self, name: str, sd: float) -> Model:
        """Set a variable's shock standard deviation, keeping the correlations."""
        if not np.isfinite(sd) or sd < 0:
            raise InputError(_("standard deviation for {name} must be a finite number >= 0, got {value}", name=name, value=sd),
                             where=f"params.sd.{name}")
        i = self.index(name)
        s = self.sd.copy()
        s[i] = sd
        return replace(self, cov=self.corr * np.outer(s, s))

    def with_persistence(self, name: str, value: float) -> Model:
        if not np.isfinite(value) or not -1 < value < 1:
            raise InputError(_("persistence of {name} must lie strictly between -1 and 1, got {value}", name=name, value=value),
                             where=f"params.persistence.{name}")
        i = self.index(name)
        A = self.A.copy()
        A[i, i] = value
        return replace(self, A=A)

    def with_corr(self, a: str, b: str, value: float) -> Model:
        if not np.isfinite(value) or not -1 <= value <= 1:
            raise InputError(_("correlation must lie in [-1, 1], got {value}", value=value), where=f"params.corr.{a},{b}")
        i, j = self.index(a), self.index(b)
        c = self.corr.copy()
        c[i, j] = c[j, i] = value
        cov = c * np.outer(self.sd, self.sd)
        if np.min(np.linalg.eigvalsh(cov)) < -1e-12:
            raise InputError(_("these correlations do not form a valid (positive semi-definite) matrix"), where=f"params.corr.{a},{b}")
        return replace(self, cov=cov)

    def scaled(self, factor: float) -> Model:
        if not np.isfinite(factor) or factor < 0:
            raise InputError(_("scale must be a finite number >= 0, got {value}", value=factor), where="params.scale")
        return replace(self, cov=self.cov * factor**2, months_scale=self.months_scale * factor,
                       deviations=None if self.deviations is None else self.deviations * factor)

    def describe(self) -> dict[str, Any]:
        """The parameters and the sample, for people and for JSON."""
        out = {
            "kind": self.kind, "variables": list(self.names),
            "sample": f"{self.sample_years[0]}-{self.sample_years[1]}", "observations": self.n_obs,
            "shock_sd": dict(zip(self.names, np.round(self.sd, 4).tolist(), strict=True)),
            "shock_corr": np.round(self.corr, 3).tolist(),
        }
        if self.kind == "bootstrap":
            out["block_length"] = self.block_length
        else:
            out["A"] = np.round(self.A, 4).tolist()
            out["intercept"] = dict(zip(self.names, np.round(self.intercept, 4).tolist(), strict=True))
            out["max_abs_eigenvalue"] = round(self.max_eigenvalue, 4)
        return out


def fit(cat: Catalog, kind: str = "var", *, first: int | None = None, last: int | None = None,
        block_length: int = 3) -> Model:
    """Fit a model to the annual history (least squares for var/ar1; the sample for bootstrap)."""
    if kind not in ("var", "ar1", "bootstrap"):
        raise InputError(_("unknown model '{kind}' (choose var, ar1 or bootstrap)", kind=kind), where="model")
    h = history(cat, first, last)
    n, K = h.values.shape
    if n < MIN_YEARS:
        raise InputError(_("cannot fit the {kind} model: only {n} years with every variable observed; at least {min} are needed",
                           kind=kind, n=n, min=MIN_YEARS), where="sample")
    span = (int(h.years[0]), int(h.years[-1]))
    if kind == "bootstrap":
        if not 1 <= block_length <= n:
            raise InputError(_("block length must be between 1 and {n}, got {value}", n=n, value=block_length), where="block_length")
        dev = h.values - h.values.mean(axis=0)
        return Model("bootstrap", h.names, np.zeros((K, K)), np.cov(dev.T, ddof=1), h.values.mean(axis=0),
                     span, n, block_length, deviations=dev)
    # consecutive pairs only
    cons = np.diff(h.years) == 1
    Y = h.values[1:][cons]
    X = h.values[:-1][cons]
    m = len(Y)
    if m < MIN_YEARS - 1:
        raise InputError(_("cannot fit the {kind} model: only {n} consecutive year pairs", kind=kind, n=m), where="sample")
    if kind == "var":
        Z = np.column_stack([np.ones(m), X])
        coef = np.linalg.lstsq(Z, Y, rcond=None)[0]
        intercept, A = coef[0], coef[1:].T
        resid = Y - Z @ coef
        dof = m - K - 1
    else:
        A = np.zeros((K, K))
        intercept = np.zeros(K)
        resid = np.empty_like(Y)
        for k in range(K):
            Z = np.column_stack([np.ones(m), X[:, k]])
            c = np.linalg.lstsq(Z, Y[:, k], rcond=None)[0]
            intercept[k], A[k, k] = c
            resid[:, k] = Y[:, k] - Z @ c
        dof = m - 2
    cov = resid.T @ resid / max(dof, 1)
    model = Model(cast(Kind, kind), h.names, A, cov, intercept, span, m, residuals=resid)
    if model.max_eigenvalue >= 1:
        raise InputError(_("the fitted {kind} model is not stationary (largest |eigenvalue| {value:.3f}); fit it on another "
                           "sample or use the ar1 or bootstrap model", kind=kind, value=model.max_eigenvalue), where="model")
    return model


def central_path(cat: Catalog, inputs: Inputs, years: range) -> tuple[np.ndarray, np.ndarray]:
    """The central path c (years x K) and a mask of years that are known (not simulated)."""
    host = cat.host
    names = variables(cat)
    K = len(names)
    c = np.full((len(years), K), np.nan)
    known = np.zeros((len(years), K), dtype=bool)
    for i, y in enumerate(years):
        for k, v in enumerate(names):
            if is_level(cat, v):
                name = host.series_for(v)
                cur, prev = inputs.get(name, y, METRIC_PRECEDENCE), inputs.get(name, y - 1, METRIC_PRECEDENCE)
                if cur is not None and prev is not None and cur.value is not None and prev.value is not None:
                    c[i, k] = 100 * np.log(cur.value / prev.value)
                    known[i, k] = cur.status in KNOWN
            else:
                val = inputs.get(host.series_for(v), y)
                if val is not None:
                    c[i, k] = val.value
                    known[i, k] = val.status in KNOWN
    return c, known


def simulate_deviations(model: Model, known: np.ndarray, paths: int, rng: np.random.Generator,
                        given: Mapping[tuple[int, int], np.ndarray] | None = None) -> np.ndarray:
    """Deviations d, shaped (years, K, paths); zero where the value is known. `given` sets the
    deviations of some (year index, variable) pairs path by path (a year partly published: its
    published months and simulated remaining ones); the years after build on them."""
    given = given or {}
    H, K = known.shape
    d = np.zeros((H, K, paths))
    if model.kind == "bootstrap":
        dev = cast(np.ndarray, model.deviations)  # a bootstrap model keeps its deviations
        n, L = len(dev), model.block_length
        n_blocks = -(-H // L)
        starts = rng.integers(0, n - L + 1, size=(n_blocks, paths))
        for b in range(n_blocks):
            for j in range(L):
                t = b * L + j
                if t >= H:
                    break
                d[t] = dev[starts[b] + j].T
        d[known] = 0.0
        for (h, k), v in given.items():
            d[h, k] = v
        return d
    chol = _chol(model.cov)
    prev = np.zeros((K, paths))
    for t in range(H):
        if known[t].all():
            prev = np.zeros((K, paths))
            continue
        z = rng.standard_normal((K, paths))
        cur = model.A @ prev + chol @ z
        cur[known[t]] = 0.0
        for (h, k), v in given.items():
            if h == t:
                cur[k] = v
        d[t] = cur
        prev = cur
    return d


def _chol(cov: np.ndarray) -> np.ndarray:
    """A factor L with L L' = cov, also for singular covariances (e.g. a variable with zero sd)."""
    w, v = np.linalg.eigh((cov + cov.T) / 2)
    factor: np.ndarray = v * np.sqrt(np.clip(w, 0, None))
    return factor
