"""The coverage gate of `make test` fails on a weak module or total, and says which."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GATE = Path(__file__).resolve().parent.parent / "scripts" / "check_coverage.py"


def module(percent: float, statements: int = 100) -> dict[str, object]:
    covered = round(statements * percent / 100)
    return {
        "summary": {"num_statements": statements, "percent_covered": percent},
        "missing_lines": list(range(1, statements - covered + 1)),
    }


def gate(tmp_path: Path, files: dict[str, dict[str, object]], total: float) -> tuple[int, str]:
    report = tmp_path / "coverage.json"
    report.write_text(
        json.dumps({"files": files, "totals": {"percent_covered": total}}), encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, str(GATE), str(report)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return proc.returncode, proc.stdout + proc.stderr


def test_passes_at_the_thresholds(tmp_path: Path) -> None:
    code, out = gate(
        tmp_path,
        {
            "pipeline/a.py": module(85.0),
            "pipeline/__init__.py": module(0.0, statements=0),
            "tests/helper.py": module(10.0),
        },
        95.0,
    )
    assert (code, out.strip()) == (0, "coverage: pipeline/ >= 95% in total, every module >= 85%")


def test_a_module_below_85_fails_by_name_with_its_missing_lines(tmp_path: Path) -> None:
    code, out = gate(
        tmp_path,
        {"pipeline/good.py": module(99.0), "pipeline/web/new.py": module(84.0, statements=25)},
        97.0,
    )
    assert code == 1
    assert out.strip() == "coverage: pipeline/web/new.py: 84.0% < 85% (missing lines 1,2,3,4)"


def test_a_total_below_95_fails(tmp_path: Path) -> None:
    code, out = gate(tmp_path, {"pipeline/a.py": module(90.0)}, 94.9)
    assert code == 1
    assert out.strip() == "coverage: pipeline/ total: 94.9% < 95%"
