"""The coverage gate of `make test`: pipeline/ as a whole and every module in it.

Reads the JSON report that `pytest --cov=pipeline --cov-report=json:coverage.json` wrote
(line coverage, child processes of the CLI included) and fails when

* the total of pipeline/ is below TOTAL_MINIMUM percent, or
* any single module under pipeline/ (every .py file with statements, a new one included
  from the moment it exists) is below MODULE_MINIMUM percent.

A new module is expected to arrive with the tests that cover it; there is no list of
exempt modules. Usage: python scripts/check_coverage.py [coverage.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TOTAL_MINIMUM = 95.0
MODULE_MINIMUM = 85.0


def failures(report: dict[str, object]) -> list[str]:
    """One line per broken rule; empty when the gate passes."""
    problems: list[str] = []
    files = report["files"]
    assert isinstance(files, dict)
    for name, data in sorted(files.items()):
        summary = data["summary"]
        if not Path(name).as_posix().startswith("pipeline/") or summary["num_statements"] == 0:
            continue
        percent = float(summary["percent_covered"])
        if percent < MODULE_MINIMUM:
            missing = ",".join(str(n) for n in data["missing_lines"][:20])
            problems.append(
                f"{name}: {percent:.1f}% < {MODULE_MINIMUM:.0f}% (missing lines {missing})"
            )
    totals = report["totals"]
    assert isinstance(totals, dict)
    total = float(totals["percent_covered"])
    if total < TOTAL_MINIMUM:
        problems.append(f"pipeline/ total: {total:.1f}% < {TOTAL_MINIMUM:.0f}%")
    return problems


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else "coverage.json")
    problems = failures(json.loads(path.read_text(encoding="utf-8")))
    for problem in problems:
        print(f"coverage: {problem}", file=sys.stderr)
    if not problems:
        print(
            f"coverage: pipeline/ >= {TOTAL_MINIMUM:.0f}% in total, "
            f"every module >= {MODULE_MINIMUM:.0f}%"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
