"""Reading an XLIFF file that came back from a translator, safely.

The file comes from outside: it is parsed without a DTD, without entities and without the
network. defusedxml refuses any DOCTYPE first (a billion-laughs bomb, an external entity
pointing at /etc/passwd or at a web address), then lxml reads the document with entity
resolution, DTD loading and network access off, keeping line numbers for the messages.
XLIFF 1.2 and 1.1 (what translate-toolkit's po2xliff writes) are read; each ``<file>``
becomes a ``ReadFile`` with its units, text taken as the translator left it (inline
elements a tool may add contribute their text).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException
from lxml import etree

from pipeline.errors import ContentError

NAMESPACES = (
    "urn:oasis:names:tc:xliff:document:1.2",
    "urn:oasis:names:tc:xliff:document:1.1",
)
MAX_BYTES = 50 * 1024 * 1024  # a press release's XLIFF is kilobytes; refuse a flood
_SKIPPED_RESTYPES = ("x-gettext-domain-header",)  # po2xliff's copy of the PO header


@dataclass(frozen=True)
class ReadUnit:
    """One ``<trans-unit>`` as the translator returned it."""

    line: int
    id: str
    resname: str | None
    source: str
    target: str | None  # None: no <target> element
    state: str | None


@dataclass(frozen=True)
class ReadFile:
    """One ``<file>`` element: where its text comes from, its languages and its units."""

    line: int
    original: str
    source_language: str
    target_language: str | None
    units: tuple[ReadUnit, ...]


def _doctype_line(data: bytes) -> int:
    index = data.find(b"<!DOCTYPE")
    return data[:index].count(b"\n") + 1 if index >= 0 else 1


def _parse(path: Path, data: bytes) -> etree._Element:
    try:
        safe_xml.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ContentError(
            path,
            _doctype_line(data),
            "",
            "refused: the file declares a DTD or entities (not allowed in XLIFF from outside)",
        ) from None
    except safe_xml.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 1
        raise ContentError(path, line, "", f"not well-formed XML: {exc}") from None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ContentError(path, exc.lineno or 1, "", f"not well-formed XML: {exc.msg}") from None


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    return "".join(element.itertext())


def read_xliff(path: Path) -> list[ReadFile]:
    """The ``<file>`` elements of an XLIFF 1.x document; ContentError when it is not one."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ContentError(path, 1, "", f"refused: larger than {MAX_BYTES // 2**20} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(path, 1, "", f"cannot read the file: {exc.strerror}") from None
    root = _parse(path, data)
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or namespace not in NAMESPACES:
        raise ContentError(path, root.sourceline or 1, "", "not an XLIFF 1.2 document")
    ns = {"x": namespace}
    files: list[ReadFile] = []
    for file in root.iterfind("x:file", ns):
        units = []
        for unit in file.iterfind(".//x:trans-unit", ns):
            if unit.get("restype") in _SKIPPED_RESTYPES or unit.get("translate") == "no":
                continue
            target = unit.find("x:target", ns)
            units.append(
                ReadUnit(
                    line=unit.sourceline or 1,
                    id=unit.get("id") or "",
                    resname=unit.get("resname"),
                    source=_text(unit.find("x:source", ns)) or "",
                    target=_text(target),
                    state=target.get("state") if target is not None else None,
                )
            )
        files.append(
            ReadFile(
                line=file.sourceline or 1,
                original=file.get("original") or "",
                source_language=file.get("source-language") or "",
                target_language=file.get("target-language"),
                units=tuple(units),
            )
        )
    if not files:
        raise ContentError(path, root.sourceline or 1, "", "the XLIFF document has no <file>")
    return files
