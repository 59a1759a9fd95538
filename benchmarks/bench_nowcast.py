"""Backtest of the CPI nowcast: for every year with a published annual rate and every month of
publication (0-11 months known) that the monthly data allow, the nowcast made with only the months
published by then, against the published one-decimal rate.

Prints a Markdown table by months known (hit rate of the exact one-decimal rate, mean absolute error,
coverage of the 80% and 95% intervals) and, with --chart PATH, draws it as an SVG.
Run: `.venv/bin/python benchmarks/bench_nowcast.py [--chart docs/screenshots/nowcast-backtest.svg]`
(the same figures as `burdenshare nowcast --backtest`). The overlay folder is ignored: bundled data only.
"""

from __future__ import annotations

import argparse
import os
import tempfile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chart", help="write the chart (SVG) here")
    args = parser.parse_args()
    os.environ["BURDENSHARE_DATA_DIR"] = tempfile.mkdtemp(prefix="bs-nowcast-")  # the bundled data alone
    from burdenshare.ops.nowcast import backtest

    table = backtest(host="kr")
    m = table.meta
    print(f"Data: {m['monthly_series']} {m['data_from']} to {m['data_to']}; years {', '.join(map(str, m['years']))}; "
          f"{m['points']} nowcasts; data version {m['data_version']}")
    print(f"All: hit rate {m['hit_rate']:.0%}, MAE {m['mae']:.2f} points, coverage 80% {m['coverage_80']:.0%}, "
          f"95% {m['coverage_95']:.0%}\n")
    print("| months known | nowcasts | hit rate | MAE (points) | 80% coverage | 95% coverage |")
    print("|---|---|---|---|---|---|")
    rows = table.frame_rows()
    for r in rows:
        print(f"| {r['known']} | {r['points']} | {r['hit_rate']:.0%} | {r['mae']:.2f} | {r['coverage_80']:.0%} | {r['coverage_95']:.0%} |")
    if args.chart:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        k = [r["known"] for r in rows]
        fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.2))
        a.plot(k, [r["mae"] for r in rows], marker="o", color="#1f4e79")
        a.set_title("Mean absolute error (points)")
        a.set_xlabel("months of the year published")
        b.plot(k, [r["hit_rate"] for r in rows], marker="o", label="hit (exact one decimal)", color="#1f4e79")
        b.plot(k, [r["coverage_80"] for r in rows], marker="s", label="80% interval covers", color="#c55a11")
        b.plot(k, [r["coverage_95"] for r in rows], marker="^", label="95% interval covers", color="#548235")
        b.set_ylim(-0.05, 1.05)
        b.set_xlabel("months of the year published")
        b.legend(fontsize=7, loc="lower right")
        b.set_title(f"{', '.join(map(str, m['years']))}: {m['points']} nowcasts")
        fig.tight_layout()
        fig.savefig(args.chart, format="svg", metadata={"Date": None})
        print(f"\nchart: {args.chart}")


if __name__ == "__main__":
    main()
