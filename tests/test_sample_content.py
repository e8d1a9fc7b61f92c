"""The sample content/ (what `make run` builds) validates and builds.

The only tests that read the sample: everything else builds its own fixture site, so
the sample may change freely as long as these few stay true.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import DAY, EDITION, SAMPLE, Result, run_process

EN_PDF = f"january-20-anniversary/{EDITION}/en/january-20-anniversary-en.pdf"
ES_PDF = "ambassador-article-el-peruano/2023-01-19/es/ambassador-article-el-peruano-es.pdf"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    """`make run` on a copy of the sample (validate, then build with review copies)."""
    root = tmp_path_factory.mktemp("sample")
    content = root / "content"
    shutil.copytree(SAMPLE, content, ignore=shutil.ignore_patterns(".pressroom.lock"))
    output = root / "output"
    validate = run_process("validate", "--content", content)
    assert validate.code == 0, validate.err
    result = run_process(
        "build", "--date", DAY, "--review-copies", "--content", content, "--output", output
    )
    assert result.code == 0, result.err
    return content, output, result


def text_of(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_the_sample_builds_its_source_languages_and_an_index(
    built: tuple[Path, Path, Result],
) -> None:
    _, output, result = built
    assert "Traceback" not in result.err
    for rel in (EN_PDF, ES_PDF):
        assert (output / rel).is_file()
        assert (output / rel).with_suffix(".html").is_file()
    index = (output / "index.html").read_text(encoding="utf-8")
    assert f'href="{EN_PDF}"' in index and f'href="{ES_PDF}"' in index
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    for rel, record in manifest["files"].items():
        assert hashlib.sha256((output / rel).read_bytes()).hexdigest() == record["sha256"]


def test_the_sample_recurring_release_is_its_37th_edition(
    built: tuple[Path, Path, Result],
) -> None:
    _, output, _ = built
    metadata = PdfReader(output / EN_PDF).metadata
    assert metadata is not None and metadata.title is not None
    assert metadata.title.startswith("37th anniversary of the January 20 tragedy")
    text = text_of(output / EN_PDF)
    assert "EMBARGOED UNTIL JANUARY 20, 2027, 9:00 AM" in text
    assert "{" not in text, "no placeholder left unfilled"
