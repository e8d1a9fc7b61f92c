"""Faults and concurrency: locks, killed builds, PO round trips, arbitrary input."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from filelock import FileLock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from pipeline.content.loader import load_release
from pipeline.content.segmentation import parse_body
from pipeline.errors import ContentError, ContentErrors
from pipeline.files import sha256
from pipeline.l10n.unit_status import read_po

from .anniversary_site import EDITION, RELEASE, UNITS, build_anniversary_site
from .conftest import DAY, CliRunner, run_process
from .site_builder import SiteBuilder


@pytest.fixture
def content(site: SiteBuilder) -> Path:
    return build_anniversary_site(site).root


def start(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# ``python -m pipeline`` with an audit hook (PEP 578) that makes the run's file operations
# observable and interruptible at an exact point, instead of guessing with sleeps: it
# prints "lock-attempt" each time the run opens the lock file, and with KILL=EVENT:N it
# kills itself (SIGKILL, as the OOM killer or a power cut would) at the Nth EVENT, where
# EVENT is "temp" (an atomic write's temporary file is created) or "rename" (a finished
# temporary file is about to replace the published one).
TRACED = """
import os, runpy, signal, sys
kill = os.environ.get("KILL", "")
event, _, nth = kill.partition(":")
seen = {"temp": 0, "rename": 0}

def hook(name, args):
    if name == "open" and isinstance(args[0], str):
        if args[0].endswith(".pressroom.lock"):
            os.write(2, b"lock-attempt\\n")
        elif args[0].endswith(".tmp") and args[2] & os.O_CREAT:
            step("temp")
    elif name == "os.rename" and str(args[0]).endswith(".tmp"):
        step("rename")

def step(kind):
    seen[kind] += 1
    if kind == event and seen[kind] == int(nth):
        os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(hook)
sys.argv = ["pressroom", *sys.argv[1:]]
runpy.run_module("pipeline", run_name="__main__", alter_sys=True)
"""


def start_traced(*args: str | Path, kill: str = "") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", TRACED, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "KILL": kill},
    )


def wait_while_it_waits(proc: subprocess.Popen[str], attempts: int) -> None:
    """Read the run's stderr until it has said that it waits for the lock and has then
    opened the lock file ``attempts`` more times (it keeps trying), or it ended."""
    assert proc.stderr is not None
    said, seen = False, 0
    while seen < attempts:
        line = proc.stderr.readline()
        assert line, f"the run ended (said it waits: {said}; {seen} attempt(s)): {proc.wait()}"
        said = said or line.startswith("waiting for another pressroom run (")
        seen += said and line.strip() == "lock-attempt"


def assert_output_is_whole(output: Path) -> None:
    """Every published file is complete, and the manifest matches the files."""
    assert not list(output.rglob(".*.tmp")), "no temporary file is left behind"
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    for rel, record in manifest["files"].items():
        assert sha256((output / rel).read_bytes()) == record["sha256"], rel
    for pdf in output.rglob("*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
        assert len(PdfReader(pdf).pages) >= 1


def test_a_second_run_waits_for_the_lock(content: Path, output: Path) -> None:
    with FileLock(str(content / ".pressroom.lock")):
        proc = start_traced("build", "--date", DAY, "--content", content, "--output", output)
        wait_while_it_waits(proc, 4)  # it found the lock taken, said so, and tries again
        assert proc.poll() is None, "the build waits while another run holds the lock"
        assert not output.exists()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert_output_is_whole(output)


def test_two_builds_and_a_translate_at_once_all_finish(content: Path, output: Path) -> None:
    procs = [
        start("build", "--force", "--date", DAY, "--content", content, "--output", output),
        start("build", "--force", "--date", DAY, "--content", content, "--output", output),
        start(
            "translate",
            RELEASE,
            "--to",
            "fr",
            "--provider",
            "pseudo",
            "--content",
            content,
        ),
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
    assert_output_is_whole(output)
    assert len(polib.pofile(str(content / "releases" / RELEASE / "drafts" / "fr.po"))) == UNITS


@pytest.mark.parametrize("kill", ["temp:1", "rename:1", "rename:3"])
def test_a_killed_build_leaves_no_partial_file_and_the_next_one_completes(
    kill: str, content: Path, output: Path
) -> None:
    assert start("build", "--date", DAY, "--content", content, "--output", output).wait(120) == 0
    # New tags change every published file, so the killed build has files to replace.
    SiteBuilder(content).edit(
        content / "releases" / RELEASE / "release.md",
        "tags: [January 20, anniversary]",
        "tags: [January 20, anniversary, edited]",
    )
    proc = start_traced(
        "build", "--jobs", "1", "--date", DAY, "--content", content, "--output", output, kill=kill
    )
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL, f"killed at {kill}: {err}"
    for pdf in output.rglob("*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), "a published PDF is whole"
        assert len(PdfReader(pdf).pages) >= 1
    stale = output / RELEASE / EDITION / "en" / ".x.pdf.pressroom-abc.tmp"
    stale.write_bytes(b"%PDF-1.7 half a file")  # as a kill between write and rename leaves
    result = run_process("build", "--date", DAY, "--content", content, "--output", output)
    assert result.code == 0, result.err
    assert_output_is_whole(output)
    pdf = output / RELEASE / EDITION / "en" / f"{RELEASE}-en.pdf"
    metadata = PdfReader(pdf).metadata
    assert metadata is not None and metadata.keywords == "January 20, anniversary, edited"


def test_commands_keep_hand_written_comments_flags_and_order(content: Path, cli: CliRunner) -> None:
    folder = content / "releases" / RELEASE
    translations = folder / "translations" / "es.po"
    po = polib.pofile(str(translations))
    po[3].tcomment += "\nchecked with the ambassador's office"
    po[5].flags.append("qa-ok")
    po[7].tcomment = "translator: keep the figures"
    po.save(str(translations))
    before = [
        (e.msgctxt, e.msgid, e.msgstr, e.tcomment, e.flags) for e in polib.pofile(str(translations))
    ]
    release = folder / "release.md"
    release.write_text(
        release.read_text(encoding="utf-8").replace(
            "A day of sorrow and of pride", "A day of sorrow and pride"
        ),
        encoding="utf-8",
    )
    drafts = folder / "drafts" / "ru.po"
    ru = polib.pofile(str(drafts))
    ru[0].tcomment = "ask Irina about the headline"
    ru.save(str(drafts))
    assert (
        cli(
            "translate",
            RELEASE,
            "--to",
            "es",
            "--to",
            "ru",
            "--provider",
            "pseudo",
            "--content",
            content,
        ).code
        == 0
    )
    assert (
        cli(
            "review",
            RELEASE,
            "--lang",
            "ru",
            "--reviewer",
            "Irina",
            "--content",
            content,
        ).code
        == 0
    )
    after = [
        (e.msgctxt, e.msgid, e.msgstr, e.tcomment, e.flags) for e in polib.pofile(str(translations))
    ]
    assert after == before, "translations/ untouched by translate and by another language's review"
    ru_after = polib.pofile(str(drafts))
    assert ru_after[0].tcomment == "ask Irina about the headline"
    # Existing entries keep their order (the stale draft too); the new unit's draft is added last.
    assert [e.msgid for e in ru_after] == [e.msgid for e in ru] + ["A day of sorrow and pride"]
    es_drafts = polib.pofile(str(folder / "drafts" / "es.po"))
    (outdated,) = list(es_drafts)
    assert outdated.previous_msgid == "A day of sorrow and of pride"
    assert outdated.msgstr == "Un día de dolor y de orgullo", "the earlier human translation"


FIELDS = [
    "language",
    "languages",
    "kind",
    "headline",
    "subheadline",
    "dateline",
    "date",
    "embargo",
    "anniversary",
    "author",
    "tags",
    "images",
    "headlin",
    "extra",
]
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=30)
    | st.sampled_from(["en", "es", "press-release", "2024-01-01", "{years}", "09:00"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["event", "time", "lead_days", "name", "role", "src"]),
            children,
            max_size=3,
        )
    ),
    max_leaves=8,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    front=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8), body=st.text(max_size=200)
)
def test_any_front_matter_gives_a_release_or_a_content_error(
    tmp_path: Path, front: dict[str, object], body: str
) -> None:
    import yaml

    folder = tmp_path / "releases" / "fuzz"
    folder.mkdir(parents=True, exist_ok=True)
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    (folder / "release.md").write_text(text, encoding="utf-8")
    try:
        load_release(tmp_path, folder)
    except (ContentError, ContentErrors) as exc:
        assert "release.md" in str(exc)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.text(max_size=300))
def test_any_release_file_gives_a_release_or_a_content_error(tmp_path: Path, raw: str) -> None:
    folder = tmp_path / "releases" / "raw"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "release.md").write_text(raw, encoding="utf-8")
    with contextlib.suppress(ContentError, ContentErrors):
        load_release(tmp_path, folder)


@settings(max_examples=300, deadline=None)
@given(body=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400))
def test_any_markdown_gives_well_formed_units(body: str) -> None:
    _, units, _ = parse_body(body, Path("r.md"), 1)
    for unit in units:
        assert unit.msgid and unit.msgid == unit.msgid.strip()
        assert "\n" not in unit.msgid


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.text(max_size=200))
def test_any_po_text_gives_entries_or_a_content_error(tmp_path: Path, raw: str) -> None:
    path = tmp_path / "x.po"
    path.write_text(raw, encoding="utf-8")
    with contextlib.suppress(ContentError):
        read_po(path)


def test_release_path_that_is_a_folder(content: Path, output: Path, cli: CliRunner) -> None:
    (content / "releases" / "odd" / "release.md").mkdir(parents=True)
    result = cli("build", "--content", content, "--output", output)
    assert result.code == 1
    assert "odd/release.md:1: cannot read file" in result.err
    assert not (output / "odd").exists()  # one broken release never stops the others
    assert (output / "index.html").is_file()


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        ("glossary.yaml", "keep: El Peruano\n", "glossary.yaml:1: keep: Input should be a valid"),
        ("glossary.yaml", "terms:\n  Baku: {xx: Bakú}\n", "glossary.yaml:2: terms.Baku.xx"),
        (
            "outlets.yaml",
            "- {name: X, languages: [es], paper: A3}\n",
            "outlets.yaml:1: outlets[0].paper",
        ),
        ("outlets.yaml", "- {name: X, languages: []}\n", "outlets.yaml:1: outlets[0].languages"),
        ("organization.yaml", "name: [unclosed\n", "organization.yaml:2: invalid YAML"),
    ],
)
def test_bad_shared_files(
    file: str, text: str, expected: str, content: Path, output: Path, cli: CliRunner
) -> None:
    (content / file).write_text(text, encoding="utf-8")
    result = cli("build", "--content", content, "--output", output)
    assert result.code == 1
    assert expected in result.err, result.err
    assert "Traceback" not in result.err
    assert not output.exists()


def test_environment_does_not_leak_into_the_suite() -> None:
    assert "PRESSROOM_MT_TIMEOUT" not in os.environ
