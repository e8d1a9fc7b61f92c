"""Benchmark: a ministry's scale. How validate, status, due and check grow with the site.

    .venv/bin/python bench/scale.py                   # 50 and 500 releases x 4 languages
    .venv/bin/python bench/scale.py --sizes 50 200 500 --full

Each command runs as a fresh process, as cron or a person would run it. With ``--full``,
the largest site is also built in full (this takes minutes), then rebuilt with nothing
changed, and the peak memory of the full build (the largest process) is reported.
Targets: each command under 1.5 s at 500 releases, the no-op build under 1 s, peak memory
under 400 MB, growth linear or better.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import DAY, PRESSROOM, make_site

COMMANDS = {
    "validate": ["validate"],
    "status": ["status", "--date", DAY],
    "due": ["due", "--date", DAY],
    "check": ["check"],
}
PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr[-500:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--full", action="store_true", help="also build the largest site")
    args = parser.parse_args()
    rows: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="pressroom-scale-") as tmp:
        for size in args.sizes:
            content = make_site(Path(tmp) / str(size), size, 4)
            rows[size] = {}
            for name, words in COMMANDS.items():
                command = [*PRESSROOM, *words, "--content", str(content)]
                timed(command)  # the first run fills caches, as any earlier run would
                rows[size][name] = min(timed(command) for _ in range(2))
        if args.full:
            size = max(args.sizes)
            content = Path(tmp) / str(size) / "content"
            output = Path(tmp) / "output"
            build = [*PRESSROOM, "build", "--date", DAY, "--content", str(content)]
            build += ["--output", str(output)]
            started = time.perf_counter()
            peak_kb = int(
                subprocess.run(
                    [sys.executable, "-c", PEAK, *build], check=True, capture_output=True, text=True
                ).stdout
            )
            rows[size]["full build"] = time.perf_counter() - started
            rows[size]["no-op build"] = min(timed(build) for _ in range(2))
            rows[size]["peak MB"] = peak_kb / 1024
    names = list(dict.fromkeys(n for row in rows.values() for n in row))
    print(f"{'releases x 4 languages':>24}" + "".join(f"{s:>10}" for s in rows))
    for name in names:
        cells = "".join(f"{rows[s][name]:>10.2f}" if name in rows[s] else f"{'':>10}" for s in rows)
        print(f"{name:>24}{cells}")
    if len(rows) > 1:
        small, large = min(rows), max(rows)
        growth = {n: rows[large][n] / rows[small][n] for n in COMMANDS}
        print(
            f"growth from {small} to {large} releases (x{large / small:.0f} content): "
            + ", ".join(f"{n} x{g:.1f}" for n, g in growth.items())
        )


if __name__ == "__main__":
    main()
