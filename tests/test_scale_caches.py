"""The caches that keep status and check fast on a big site never change what they say.

QA results (pipeline.l10n.qa_memo) and the template labels are kept in the parse cache:
every test runs the real CLI once to fill it, changes an input, and compares the next
cached run with a run without any cache.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.content import parse_cache
from pipeline.content.models import Glossary
from pipeline.content.paths import TEMPLATES
from pipeline.l10n import qa_memo, template_labels
from tests.conftest import DAY, CliRunner, Result
from tests.site_builder import SiteBuilder, statement

BODY = "The embassy welcomed 40 visitors.\n\nThe ambassador thanked the guests.\n"


def _site(site: SiteBuilder) -> Path:
    site.approve_all(None, "es", lambda text: f"[es] {text}")
    site.release("visit", statement(languages=["en", "es"], headline="A visit"), BODY)
    site.approve_all("visit", "es", lambda text: f"[es] {text}")
    site.release("talk", statement(languages=["en", "es"], headline="A talk"), "A talk.\n")
    site.approve_all("talk", "es", lambda text: f"[es] {text}")
    return site.folder("visit") / "translations" / "es.po"


def _runs(cli: CliRunner, root: Path) -> dict[str, Result]:
    return {
        "status": cli("status", "--content", root, "--date", DAY),
        "check": cli("check", "--content", root),
        "due": cli("due", "--content", root, "--date", DAY),
        "validate": cli("validate", "--content", root),
    }


def _uncached(cli: CliRunner, root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Result]:
    with monkeypatch.context() as patch:
        patch.setenv("PRESSROOM_CACHE", "off")
        return _runs(cli, root)


def _same(cached: dict[str, Result], fresh: dict[str, Result]) -> None:
    for name, result in cached.items():
        assert (result.code, result.out, result.err) == (
            fresh[name].code,
            fresh[name].out,
            fresh[name].err,
        ), name


def _row(result: Result, release: str, lang: str) -> str:
    cells = [[cell.strip() for cell in line.split("│")] for line in result.out.splitlines()]
    return next("│".join(row) for row in cells if row[1:2] == [release] and row[3:4] == [lang])


def test_an_edited_translation_is_checked_again_after_a_cached_run(
    site: SiteBuilder, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    po = _site(site)
    first = _runs(cli, site.root)
    assert first["check"].out.strip().endswith("0 problem(s), 0 blocking")
    assert "yes" in _row(first["status"], "visit", "es")
    site.edit(po, "[es] The embassy welcomed 40", "[es] The embassy welcomed 41")
    again = _runs(cli, site.root)
    assert "number 40 of the source is missing [blocking]" in again["check"].out
    assert again["check"].code == 1
    assert "failing blocking QA checks" in _row(again["status"], "visit", "es")
    assert "yes" in _row(again["status"], "talk", "es"), "the other release is untouched"
    _same(again, _uncached(cli, site.root, monkeypatch))


def test_an_edited_glossary_is_applied_after_a_cached_run(
    site: SiteBuilder, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(site)
    assert "'ambassador'" not in _runs(cli, site.root)["check"].out
    site.glossary(terms={"ambassador": {"es": "embajador"}})
    again = _runs(cli, site.root)
    assert "'ambassador' should be translated as 'embajador' [warning]" in again["check"].out
    _same(again, _uncached(cli, site.root, monkeypatch))


def test_an_edited_release_changes_the_status_after_a_cached_run(
    site: SiteBuilder, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _site(site)
    assert "yes" in _row(_runs(cli, site.root)["status"], "visit", "es")
    site.edit(site.folder("visit") / "release.md", "40 visitors", "50 visitors")
    again = _runs(cli, site.root)
    assert "no: 1 outdated" in _row(again["status"], "visit", "es")
    _same(again, _uncached(cli, site.root, monkeypatch))


def test_deleting_or_spoiling_the_cache_changes_nothing(
    site: SiteBuilder, cli: CliRunner, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    po = _site(site)
    site.edit(po, "[es] The embassy welcomed 40", "[es] The embassy welcomed 41")
    fresh = _uncached(cli, site.root, monkeypatch)
    _same(_runs(cli, site.root), fresh)  # fills the cache
    entries = sorted(private_cache.rglob("*.pickle"))
    assert entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:30])  # truncated: unreadable
    _same(_runs(cli, site.root), fresh)
    shutil.rmtree(private_cache)
    _same(_runs(cli, site.root), fresh)
    _same(_runs(cli, site.root), fresh)  # and from the cache filled again


def test_template_labels_come_from_the_templates_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    expected = template_labels.required_labels(folder)
    assert expected, "the real templates ask for labels"
    template_labels._required.cache_clear()  # a new process: the parse cache answers
    assert template_labels.required_labels(folder) == expected
    page = folder / "base.html"
    page.write_text(
        page.read_text(encoding="utf-8") + '{{ _("A label only this test asks for") }}\n',
        encoding="utf-8",
    )
    template_labels._required.cache_clear()
    assert template_labels.required_labels(folder) == expected | {"A label only this test asks for"}


@pytest.mark.parametrize("words", [["--help"], ["status", "--help"]])
def test_help_loads_neither_the_no_op_build_nor_weasyprint(words: list[str]) -> None:
    code = (
        "import sys\nfrom pipeline.cli.console_entry import main\n"
        f"sys.argv = ['pressroom', *{words!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules\n"
        "               if m.startswith(('pipeline.publish', 'weasyprint')))\n"
        "print('LOADED', heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert "Usage:" in proc.stdout
    assert proc.stderr.strip().endswith("LOADED []"), proc.stderr


def test_a_grown_qa_table_keeps_what_the_last_run_used(
    private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    glossary = Glossary(keep=("Testland",))
    monkeypatch.setattr(qa_memo, "MAX_ENTRIES", 1)
    monkeypatch.setattr(qa_memo, "_tables", {})
    old = [[(f"Source {n} in Testland.", f"Fuente {n} en Tierra.")] for n in range(4)]
    for pairs in old:
        assert qa_memo.problems_of(pairs, "es", glossary, False)[0][0].check == "glossary"
    qa_memo.flush()
    (name,) = {table.name for table in qa_memo._tables.values()}
    assert len(parse_cache.get(name, dict) or {}) == 4, "no more than 4 x what the run used"
    monkeypatch.setattr(qa_memo, "_tables", {})  # a new process
    now = [(f"Source {n} in Testland.", f"Fuente {n} en Testland.") for n in range(2)]
    results = qa_memo.problems_of(now, "es", glossary, False)
    assert results == tuple(qa_memo.unit_problems(s, t, "es", glossary, False) for s, t in now)
    assert results == ((), ())
    qa_memo.flush()
    assert len(parse_cache.get(name, dict) or {}) == 1, "5 entries for 1 used: the 1 is kept"
    monkeypatch.setattr(qa_memo, "_tables", {})
    assert qa_memo.problems_of(old[0], "es", glossary, False)[0][0].check == "glossary"


def test_a_build_keeps_its_qa_results_for_the_next_run(
    site: SiteBuilder, cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _site(site)
    output = tmp_path / "output"
    monkeypatch.setattr(qa_memo, "_tables", {})  # a process of its own, not earlier tests'
    first = cli("build", "--content", site.root, "--output", output, "--date", DAY)
    assert first.code == 0, first.err
    monkeypatch.setattr(qa_memo, "_tables", {})  # a new process: only what the build stored
    checked: list[str] = []
    real = qa_memo.unit_problems

    def counted(source: str, *args: object) -> qa_memo.Problems:
        checked.append(source)
        return real(source, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(qa_memo, "unit_problems", counted)
    again = cli("build", "--force", "--content", site.root, "--output", output, "--date", DAY)
    assert again.code == 0, again.err
    assert checked == [], "every edition's QA results came from the cache"
