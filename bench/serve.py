"""Benchmark: the review server's page and save times on a 60-unit release.

    .venv/bin/python bench/serve.py [--units 60] [--rounds 20]

Builds a release of UNITS paragraphs with machine drafts in Spanish, then times, through
the real application (Starlette's test client, in process, so the network is not measured):
the review page (GET) and a save as draft (POST: lock, re-read, check, atomic write).
Targets from the issue: page < 200 ms, save < 300 ms. Medians over ROUNDS.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import polib  # type: ignore[import-untyped]
from starlette.testclient import TestClient

from pipeline.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent


def make_site(target: Path, units: int) -> Path:
    content = target / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "multilingual" / "content", content)
    shutil.rmtree(content / "releases")
    folder = content / "releases" / "long-release"
    (folder / "drafts").mkdir(parents=True)
    body = "\n\n".join(
        f"Paragraph {n}: the Embassy reports {n * 37} visitors and {n} events in Mexico City."
        for n in range(1, units - 1)
    )
    (folder / "release.md").write_text(
        "---\nlanguage: en\nlanguages: [en, es]\nkind: press-release\n"
        'headline: "A long release"\ndateline: Mexico City\ndate: 2026-11-20\n---\n' + body + "\n",
        encoding="utf-8",
    )
    po = polib.POFile()
    po.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    for n in range(1, units - 1):
        entry = polib.POEntry(
            msgid=f"Paragraph {n}: the Embassy reports {n * 37} visitors and {n} events in "
            "Mexico City.",
            msgstr=f"Párrafo {n}: la Embajada informa de {n * 37} visitantes y {n} eventos en "
            "Ciudad de México.",
            flags=["fuzzy"],
            comment="machine: libre 2026-11-20",
        )
        po.append(entry)
    po.save(str(folder / "drafts" / "es.po"))
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        content = make_site(Path(tmp), args.units)
        app = create_app(content, Path(tmp) / "output", token=None)
        client = TestClient(app, base_url="http://127.0.0.1:8000", follow_redirects=False)
        page = "/review/long-release/es"
        client.get(page)  # warm: imports, templates, CLDR data
        gets, posts = [], []
        for _ in range(args.rounds):
            start = time.perf_counter()
            html = client.get(page).text
            gets.append(time.perf_counter() - start)
            form = re.search(r'<form class="target".*?</form>', html, re.S)
            assert form is not None
            fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form[0]))
            fields.update(text="Párrafo editado", action="save")
            start = time.perf_counter()
            response = client.post(page + "/unit", data=fields)
            posts.append(time.perf_counter() - start)
            assert response.status_code == 303, response.status_code
        units = html.count('class="unit status-')
        print(f"review page, {units} units: median {statistics.median(gets) * 1000:.0f} ms (< 200)")
        print(f"save as draft: median {statistics.median(posts) * 1000:.0f} ms (< 300)")


if __name__ == "__main__":
    main()
