"""Incremental, parallel and reproducible builds, and a light start-up."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.content.paths import TEMPLATES
from pipeline.publish.build import BuildOptions, build

from .conftest import CliRunner, run_process

DAY = "2026-05-01"
EDITION = "national-day/2026-05-28"


def written(result_out: str) -> int:
    return int(result_out.split("built ")[1].split(" file")[0])


def files(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in output.rglob("*")
        if p.is_file()
        and p.suffix in (".pdf", ".html")
        and p.name != "index.html"
        and p.relative_to(output).parts[0] != "site"  # copies, tested in test_public_site
    }


def test_a_po_edit_rebuilds_only_its_language(
    multilingual: Path, tmp_path: Path, cli: CliRunner
) -> None:
    output = tmp_path / "output"
    assert (
        written(cli("build", "--date", DAY, "--content", multilingual, "--output", output).out) == 8
    )
    before = files(output)
    assert (
        written(cli("build", "--date", DAY, "--content", multilingual, "--output", output).out) == 0
    )
    po = multilingual / "releases/national-day/translations/es.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            "Música de la orquesta nacional", "Música de la Orquesta Nacional"
        ),
        encoding="utf-8",
    )
    result = cli("build", "--date", DAY, "--content", multilingual, "--output", output)
    assert written(result.out) == 2
    after = files(output)
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == {f"{EDITION}/es/national-day-es.pdf", f"{EDITION}/es/national-day-es.html"}


def test_an_organisation_edit_rebuilds_every_edition(
    multilingual: Path, tmp_path: Path, cli: CliRunner
) -> None:
    output = tmp_path / "output"
    cli("build", "--date", DAY, "--content", multilingual, "--output", output)
    org = multilingual / "organization.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace("Calle Ejemplo 123", "Calle Ejemplo 125"),
        encoding="utf-8",
    )
    assert (
        written(cli("build", "--date", DAY, "--content", multilingual, "--output", output).out) == 8
    )


def test_a_template_edit_rebuilds_everything(multilingual: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    output = tmp_path / "output"
    options = BuildOptions(
        content=multilingual,
        output=output,
        templates=templates,
        jobs=2,
        on=__import__("datetime").date.fromisoformat(DAY),
    )
    assert len(build(options).written) == 8
    assert build(options).written == []
    css = templates / "style.css"
    css.write_text(
        css.read_text(encoding="utf-8") + "\nh1 { letter-spacing: 0.01em; }\n", encoding="utf-8"
    )
    assert len(build(options).written) == 8


def test_two_jobs_give_the_same_bytes_as_one(
    multilingual: Path, tmp_path: Path, cli: CliRunner
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert (
        cli(
            "build",
            "--jobs",
            "1",
            "--review-copies",
            "--date",
            DAY,
            "--content",
            multilingual,
            "--output",
            one,
        ).code
        == 0
    )
    assert (
        cli(
            "build",
            "--jobs",
            "2",
            "--review-copies",
            "--date",
            DAY,
            "--content",
            multilingual,
            "--output",
            two,
        ).code
        == 0
    )
    assert files(one) == files(two)
    assert len(files(one)) == 12


def test_the_machines_time_zone_and_clock_change_nothing(
    multilingual: Path, tmp_path: Path
) -> None:
    outputs = []
    for zone in ("Asia/Tokyo", "America/Los_Angeles"):
        output = tmp_path / zone.replace("/", "-")
        env = {**os.environ, "TZ": zone}
        env.pop("SOURCE_DATE_EPOCH", None)
        proc = run_process(
            "build", "--date", DAY, "--content", multilingual, "--output", output, env=env
        )
        assert proc.code == 0, proc.err
        outputs.append(files(output))
    assert outputs[0] == outputs[1]
    assert b"CreationDate" not in b"".join(v for k, v in outputs[0].items() if k.endswith(".pdf"))


def test_a_no_op_build_notices_any_change(
    multilingual: Path, tmp_path: Path, cli: CliRunner
) -> None:
    output = tmp_path / "output"
    cli("build", "--date", DAY, "--content", multilingual, "--output", output)
    assert (
        written(cli("build", "--date", DAY, "--content", multilingual, "--output", output).out) == 0
    )
    (output / EDITION / "ar" / "national-day-ar.pdf").unlink()
    assert (
        written(cli("build", "--date", DAY, "--content", multilingual, "--output", output).out) == 2
    )
    release = multilingual / "releases/national-day/release.md"
    release.write_text(
        release.read_text(encoding="utf-8").replace("250 guests", "260 guests"), encoding="utf-8"
    )
    result = cli("build", "--date", DAY, "--content", multilingual, "--output", output)
    assert written(result.out) == 2, "only English: the other languages are now outdated"
    assert "es: not publishable (1 outdated)" in result.err
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert all("size" in r and "mtime_ns" in r for r in manifest["files"].values())


@pytest.mark.parametrize(
    "command", [["--help"], ["validate"], ["status"], ["due"], ["check"], ["build", "--help"]]
)
def test_commands_that_render_nothing_do_not_import_weasyprint(command: list[str]) -> None:
    code = (
        "import sys\nfrom pipeline.cli.commands import main\n"
        f"sys.argv = ['pressroom', *{command!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('IMPORTED' if 'weasyprint' in sys.modules else 'LIGHT', file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=TEMPLATES.parent,
    )
    assert proc.stderr.strip().endswith("LIGHT"), proc.stderr


def test_a_change_to_the_program_rebuilds_outputs(multilingual: Path, tmp_path: Path) -> None:
    """The input hash covers the code that shapes an output, not only the package version."""
    program = tmp_path / "program"
    root = Path(__file__).resolve().parent.parent
    shutil.copytree(
        root / "pipeline", program / "pipeline", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(root / "templates", program / "templates")
    env = {**os.environ, "PYTHONPATH": str(program)}
    output = tmp_path / "output"
    args = ("build", "--date", DAY, "--content", multilingual, "--output", output)
    first = run_process(*args, cwd=program, env=env)
    assert first.code == 0, first.err
    assert written(run_process(*args, cwd=program, env=env).out) == 0
    view = program / "pipeline" / "render" / "template_view.py"
    text = view.read_text(encoding="utf-8")
    assert "MACHINE TRANSLATION - NOT REVIEWED" in text
    view.write_text(text.replace("NOT REVIEWED", "NOT YET REVIEWED"), encoding="utf-8")
    again = run_process(*args, cwd=program, env=env)
    assert again.code == 0, again.err
    assert written(again.out) == 8
