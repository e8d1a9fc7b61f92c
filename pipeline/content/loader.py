"""The load stage: the content folder to validated models and units, all errors at once.

Nothing is rendered or written until the whole site loads cleanly; every problem in every
file is gathered so that ``validate`` can list them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from pipeline.content import control_chars, parse_cache
from pipeline.content.models import (
    FrontMatter,
    Glossary,
    Organization,
    Outlet,
    Outlets,
    check_relative_path,
)
from pipeline.content.paths import ORGANIZATION, RELEASE_FILE, RELEASES, outside
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
    releases: dict[str, Release]  # the releases to build: valid and not on hold
    # Loaded with keep_going: releases with content errors, kept out of ``releases`` so
    # that one half-written release never stops the others (their errors, per release).
    broken: dict[str, tuple[Problem, ...]] = field(default_factory=dict)
    held: dict[str, Release] = field(default_factory=dict)  # valid, ``hold: true``

    def select(self, ids: tuple[str, ...] | list[str] = ()) -> list[Release]:
        """The releases named (all of them when none is named); an unknown name is a usage error.

        A broken or held release named here is left out: the caller reports it.
        """
        unknown = [i for i in ids if i not in self.releases and not self.skipped(i)]
        if unknown:
            known = ", ".join(sorted({*self.releases, *self.broken, *self.held})) or "none"
            raise UsageError(f"no release named {', '.join(unknown)} (releases: {known})")
        if not ids:
            return list(self.releases.values())
        return [self.releases[i] for i in ids if i in self.releases]

    def skipped(self, release_id: str) -> bool:
        return release_id in self.broken or release_id in self.held

    def release(self, release_id: str) -> Release:
        if release_id in self.broken:
            raise ContentErrors(self.broken[release_id])
        if release_id in self.held:
            return self.held[release_id]
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
    problems = []
    logo = doc.data.get("logo") if isinstance(doc.data, dict) else None
    if isinstance(logo, str) and logo and _relative(logo):
        # Checked before the model, so a missing logo is listed with the other field errors.
        problems += check_inside(root, logo, file, doc.line_of(("logo",)), "logo")
    try:
        org = validate(doc, Organization)
    except ContentErrors as exc:
        raise ContentErrors(exc.problems + problems) from None
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


def _relative(path: str) -> bool:
    try:
        check_relative_path(path)
    except ValueError:
        return False
    return True


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


def _front_matter(text: str, file: Path, timezone: str | None) -> tuple[YamlDoc, FrontMatter]:
    doc = parse_yaml(text, file, first_line=2)
    if not isinstance(doc.data, dict):
        raise ContentError(file, 2, "", "the front matter must be a mapping of fields")
    return doc, validate(doc, FrontMatter, {"timezone": timezone})


def load_release(root: Path, folder: Path, timezone: str | None = None) -> Release:
    """The release in ``folder``, from the parse cache when its file is unchanged.

    A cached release is used only when what the parse checks outside its own file still
    holds (it is no link out of the content folder, its images are there); otherwise the
    release is parsed again, so every problem is reported exactly as without a cache.
    """
    file = folder / RELEASE_FILE
    try:
        data = file.read_bytes()
    except OSError:
        return parse_release(root, folder, timezone)
    name = parse_cache.key("release", data, str(root), str(folder), timezone)
    cached = parse_cache.get(name, Release)
    if cached is not None and not outside(root, file) and not _image_problems(root, cached):
        return cast(Release, cached)
    release = parse_release(root, folder, timezone)
    parse_cache.put(name, release)
    return release


def _image_problems(root: Path, release: Release) -> list[Problem]:
    return [
        problem
        for image in release.front.images
        for problem in check_inside(root, image.src, release.file, 1, "images")
    ]


def parse_release(root: Path, folder: Path, timezone: str | None = None) -> Release:
    """Parse and check one release folder (no cache); ContentErrors lists every problem."""
    file = folder / RELEASE_FILE
    if not RELEASE_ID.match(folder.name):
        raise ContentError(
            file,
            1,
            "",
            f"release folder '{folder.name}' must be lowercase letters, digits and hyphens",
        )
    if outside(root, file):
        raise ContentError(
            file, 1, "", "is a link to a file outside the content folder: copy the file in instead"
        )
    yaml_text, body, body_line = split_front_matter(read_text(file), file)
    collect = _Collector()
    parsed = collect.run(lambda: _front_matter(yaml_text, file, timezone))
    # The body is checked even when the front matter is broken: every error at once.
    blocks, body_units, problems = parse_body(body, file, body_line)
    problems += control_chars.text_problems(body, file, body_line, "body")
    if parsed is None:
        raise ContentErrors(collect.problems + problems)
    doc, front = parsed

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


def load_site(root: Path, *, keep_going: bool = False) -> Site:
    """Load and validate everything under ``root``; raise ContentErrors with every problem.

    With ``keep_going`` (build, status, due), a release with errors does not stop the
    others: its problems land in ``Site.broken``. Problems of the organisation, glossary
    or outlets concern every release and are always raised.
    """
    if not root.is_dir():
        raise ContentError(root, 1, "", "content folder not found")
    collect = _Collector()
    organization = collect.run(lambda: _organization(root))
    glossary = collect.run(lambda: _glossary(root))
    outlets = collect.run(lambda: _outlets(root))
    timezone = organization[0].timezone if organization else None
    releases: dict[str, Release] = {}
    held: dict[str, Release] = {}
    broken: dict[str, tuple[Problem, ...]] = {}
    releases_dir = root / RELEASES
    for folder in sorted(p for p in releases_dir.glob("*") if p.is_dir()):
        own = _Collector()
        release = own.run(lambda folder=folder: load_release(root, folder, timezone))  # type: ignore[misc]
        if own.problems:
            broken[folder.name] = tuple(own.problems)
        elif release is not None:
            (held if release.front.hold else releases)[release.id] = release
    if collect.problems or (broken and not keep_going):
        raise ContentErrors([*collect.problems, *(p for b in broken.values() for p in b)])
    assert organization is not None and glossary is not None and outlets is not None
    return Site(root, organization[0], organization[1], glossary, outlets, releases, broken, held)
