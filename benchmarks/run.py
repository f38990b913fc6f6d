"""Benchmarks (not tests): how long the shipped sample takes to build, and how generating a
large world scales in time and memory. Run: .venv/bin/python -m benchmarks.run [--people N]

Results are printed; nothing asserts on time.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env={**os.environ, **env}, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000, help="size of the large world")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = {
            "TALENTFLOW_LANDING_DIR": str(root / "sample"),
            "TALENTFLOW_WAREHOUSE": str(root / "warehouse.duckdb"),
            "TALENTFLOW_PUBLISH_DIR": str(root / "published"),
            "TALENTFLOW_AS_OF_YEAR": "2025",
        }
        seconds = timed([str(BIN / "talentflow"), "sample", "--out", str(root / "sample")], env)
        print(f"generate the default sample (6,000 people): {seconds:6.1f} s")
        seconds = timed([str(BIN / "talentflow"), "build"], env)
        print(f"build the default sample end to end:        {seconds:6.1f} s")
        out = root / "large"
        start = time.perf_counter()
        subprocess.run(
            [str(BIN / "talentflow"), "sample", "--people", str(args.people), "--out", str(out)],
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**30
        print(
            f"generate {args.people:,} people: {seconds:6.1f} s, peak {peak:,.0f} MiB, "
            f"{size:.2f} GiB written"
        )


if __name__ == "__main__":
    main()
