"""Helpers for the public site tests: a site with an embargoed release, built before and
after its embargo, and readers for what the pages say about themselves."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from tests.conftest import MULTILINGUAL, ROOT, Result, run_process, write_release

SITE_URL = "https://example.org/press/"
# The fixture's national-day edition is embargoed until 2027-05-28 10:00 in Mexico City.
BEFORE = "2027-05-28T09:59:00-06:00"
AFTER = "2027-05-28T10:00:00-06:00"
EDITION = "national-day/2027-05-28"
PUBLIC = ("en", "es", "az", "ar")  # approved; ru is a draft, de is missing
TRICKY_HEADLINE = 'Trade & culture week: "</script><script>alert(1)</script>"'


def make_content(target: Path, site_url: str | None = SITE_URL) -> Path:
    """The multilingual fixture plus an English-only release published earlier that spring."""
    shutil.copytree(MULTILINGUAL, target)
    if site_url:
        with (target / "organization.yaml").open("a", encoding="utf-8") as file:
            file.write(f"site_url: {site_url}\n")
    write_release(
        target,
        "trade-week",
        f"""
language: en
languages: [en]
kind: statement
headline: '{TRICKY_HEADLINE}'
dateline: Mexico City
date: 2027-03-01
tags: [trade]
""",
        "The Embassy opens a week of <b>trade</b> & culture.\n",
    )
    return target


def build(content: Path, output: Path, now: str, *extra: str) -> Result:
    return run_process(
        "build", "--content", content, "--output", output, "--now", now, "--jobs", "1", *extra
    )


def site_files(output: Path) -> set[str]:
    site = output / "site"
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


@dataclass
class Page:
    """What a page says in its head: links, meta properties, JSON-LD, and its anchors."""

    links: list[dict[str, str]] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[Any] = field(default_factory=list)
    anchors: list[dict[str, str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._script: list[str] | None = None
        self._anchor: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link":
            self.page.links.append(values)
        elif tag == "meta" and "property" in values:
            self.page.meta.setdefault(values["property"], []).append(values.get("content", ""))
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._script = []
        elif tag == "a":
            self._anchor = dict(values, text="")
            self.page.anchors.append(self._anchor)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.page.jsonld.append(json.loads("".join(self._script)))
            self._script = None
        elif tag == "a":
            self._anchor = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        if self._anchor is not None:
            self._anchor["text"] += data
        self.page.texts.append(data)


def read_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page


def vnu_jar() -> Path | None:
    """The Nu Html Checker: the Makefile's copy in tests/.node, else $PRESSROOM_VNU_JAR."""
    local = ROOT / "tests" / ".node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if local.is_file():
        return local
    env = os.environ.get("PRESSROOM_VNU_JAR")
    return Path(env) if env and Path(env).is_file() else None


def vnu_errors(jar: Path, files: list[Path]) -> list[dict[str, Any]]:
    proc = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(proc.stderr or proc.stdout)
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
