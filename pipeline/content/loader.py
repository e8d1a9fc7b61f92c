"""The load stage: the content folder to validated models and units, all errors at once.

Nothing is rendered or written until the whole site loads cleanly; every problem in every
file is gathered so that ``validate`` can list them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pipeline.content.models import FrontMatter, Glossary, Organization, Outlet, Outlets
from pipeline.content.paths import ORGANIZATION, RELEASE_FILE, RELEASES
from pipeline.content.placeholders import placeholder_problems
from pipeline.content.segmentation import Block, Unit, normalize, parse_body
from pipeline.content.yaml_source import YamlDoc, parse_yaml, read_text, validate
from pipeline.errors import ContentError, ContentErrors, Problem, UsageError

RELEASE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ORG_FIELDS = ("name", "short_name", "about", "contact.role")
T = TypeVar("T")


@dataclass(frozen=True)
class Release:
    id: str
    file: Path
    front: FrontMatter
    blocks: tuple[Block, ...]
    units: tuple[Unit, ...]
    # Problems that do not stop a build but fail a --strict one (an image without alt text).
    warnings: tuple[Problem, ...] = ()

    @property
    def recurring(self) -> bool:
        return self.front.anniversary is not None


@dataclass(frozen=True)
class Site:
    root: Path
    organization: Organization
    org_units: tuple[Unit, ...]
    glossary: Glossary
    outlets: tuple[Outlet, ...]
    releases: dict[str, Release]

    def select(self, ids: tuple[str, ...] | list[str] = ()) -> list[Release]:
        """The releases named (all of them when none is named); an unknown name is a usage error."""
        unknown = [i for i in ids if i not in self.releases]
        if unknown:
            known = ", ".join(self.releases) or "none"
            raise UsageError(f"no release named {', '.join(unknown)} (releases: {known})")
        return [self.releases[i] for i in ids] if ids else list(self.releases.values())

    def release(self, release_id: str) -> Release:
        return self.select((release_id,))[0]


class _Collector:
    """Runs loading steps, keeping every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def run(self, step: Callable[[], T]) -> T | None:
        try:
            return step()
        except ContentErrors as exc:
            self.problems.extend(exc.problems)
        except ContentError as exc:
            self.problems.append(exc.problem)
        return None


def _yaml_file(path: Path) -> YamlDoc:
    return parse_yaml(read_text(path), path)


def check_inside(root: Path, relative: str, file: Path, line: int, field: str) -> list[Problem]:
    """A path named in content must be an existing file inside content/."""
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        return [Problem(file, line, field, f"'{relative}' points outside content/")]
    if not target.is_file():
        return [Problem(file, line, field, f"file '{relative}' not found in content/")]
    return []


def _organization(root: Path) -> tuple[Organization, tuple[Unit, ...]]:
    file = root / ORGANIZATION
    doc = _yaml_file(file)
    org = validate(doc, Organization)
    problems = []
    if org.logo:
        problems += check_inside(root, org.logo, file, doc.line_of(("logo",)), "logo")
    units = []
    for name in ORG_FIELDS:
        path = tuple(name.split("."))
        value = org.contact.role if name == "contact.role" else getattr(org, name)
        if value:
            line = doc.line_of(path)
            units.append(Unit(normalize(value), name, file, line, name))
            problems += [
                Problem(file, line, name, msg)
                for msg in placeholder_problems(value, org.language, False)
            ]
    if problems:
        raise ContentErrors(problems)
    return org, tuple(units)


def _outlets(root: Path) -> tuple[Outlet, ...]:
    file = root / "outlets.yaml"
    if not file.exists():
        return ()
    doc = _yaml_file(file)
    wrapped = YamlDoc(
        file,
        {"outlets": doc.data if doc.data is not None else []},
        {("outlets", *k): v for k, v in doc.lines.items()},
    )
    return validate(wrapped, Outlets).outlets


def _glossary(root: Path) -> Glossary:
    file = root / "glossary.yaml"
    if not file.exists():
        return Glossary()
    doc = _yaml_file(file)
    return validate(YamlDoc(file, doc.data or {}, doc.lines), Glossary)


def split_front_matter(text: str, file: Path) -> tuple[str, str, int]:
    """YAML front matter, body, and the file line where the body starts."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        message = "a release starts with YAML front matter between '---' lines"
        raise ContentError(file, 1, "", message)
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise ContentError(file, 1, "", "the front matter is not closed by a '---' line")


def load_release(root: Path, folder: Path) -> Release:
    file = folder / RELEASE_FILE
    if not RELEASE_ID.match(folder.name):
        raise ContentError(
            file,
            1,
            "",
            f"release folder '{folder.name}' must be lowercase letters, digits and hyphens",
        )
    yaml_text, body, body_line = split_front_matter(read_text(file), file)
    doc = parse_yaml(yaml_text, file, first_line=2)
    if not isinstance(doc.data, dict):
        raise ContentError(file, 2, "", "the front matter must be a mapping of fields")
    front = validate(doc, FrontMatter)
    blocks, body_units, problems = parse_body(body, file, body_line)

    units: list[Unit] = []
    for name in ("headline", "subheadline", "dateline"):
        if value := getattr(front, name):
            units.append(Unit(normalize(value), name, file, doc.line_of((name,)), name))
    if front.author and front.author.role:
        line = doc.line_of(("author", "role"))
        units.append(Unit(normalize(front.author.role), "author.role", file, line, "author.role"))
    for index, image in enumerate(front.images):
        problems += check_inside(
            root, image.src, file, doc.line_of(("images", index, "src")), f"images[{index}].src"
        )
        for name in ("caption", "alt"):
            if value := getattr(image, name):
                line = doc.line_of(("images", index, name))
                units.append(Unit(normalize(value), name, file, line, f"images[{index}].{name}"))
    if front.advisory is not None:
        for name in ("venue", "accreditation"):
            if value := getattr(front.advisory, name):
                line = doc.line_of(("advisory", name))
                field = f"advisory.{name}"
                units.append(Unit(normalize(value), field, file, line, field))
    warnings = tuple(
        Problem(
            file,
            doc.line_of(("images", index)),
            f"images[{index}].alt",
            "no alt text: describe the image for readers who cannot see it "
            "(required for accessible PDF/UA; an error with --strict)",
        )
        for index, image in enumerate(front.images)
        if not image.alt
    )
    units += body_units
    for unit in units:
        problems += [
            Problem(file, unit.line, unit.field, message)
            for message in placeholder_problems(
                unit.msgid, front.language, front.anniversary is not None
            )
        ]
    if problems:
        raise ContentErrors(problems)
    return Release(folder.name, file, front, blocks, tuple(units), warnings)


def load_site(root: Path) -> Site:
    """Load and validate everything under ``root``; raise ContentErrors with every problem."""
    if not root.is_dir():
        raise ContentError(root, 1, "", "content folder not found")
    collect = _Collector()
    organization = collect.run(lambda: _organization(root))
    glossary = collect.run(lambda: _glossary(root))
    outlets = collect.run(lambda: _outlets(root))
    releases: dict[str, Release] = {}
    releases_dir = root / RELEASES
    for folder in sorted(p for p in releases_dir.glob("*") if p.is_dir()):
        release = collect.run(lambda folder=folder: load_release(root, folder))  # type: ignore[misc]
        if release is not None:
            releases[release.id] = release
    if collect.problems:
        raise ContentErrors(collect.problems)
    assert organization is not None and glossary is not None and outlets is not None
    return Site(root, organization[0], organization[1], glossary, outlets, releases)
