"""``pressroom export ID --lang L``: one release as XLIFF 1.2 for a translator's CAT tool.

Written directly with lxml, not through a PO-to-XLIFF converter, because those drop
``msgctxt`` (translate-toolkit's po2xliff does). Every element is created in the XLIFF 1.2
namespace, so no stray ``xmlns=""`` appears, and the output validates against the OASIS
strict schema. Text stays as Pressroom keeps it: placeholders (``{years}``) and inline
Markdown (``**``, ``[text](url)``) are plain text that the translator keeps, and every unit
says ``xml:space="preserve"`` so no tool folds its spaces.

States, chosen for the CAT tools translators use:

- approved: ``approved="yes"`` and ``<target state="signed-off">``: shown as finished
  context (translate-toolkit, Trados and memoQ read it as signed off / confirmed). Not
  ``state="final"`` (OmegaT hides or locks those as if they were not to be translated)
  and not ``translate="no"`` (tools skip such units entirely, so they would not even be
  context). An edit a translator makes to one anyway comes back as a draft, never approved.
- draft and outdated: ``<target state="needs-review-translation">``, with the draft's
  provenance (``leveraged-mt`` for a machine draft, ``leveraged-tm`` for translation
  memory); an outdated unit's note gives the previous source text.
- missing: no ``<target>``.

No date goes into the file, so exporting twice gives the same bytes.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from lxml import etree

from pipeline.content.loader import Site, load_site
from pipeline.content.models import Glossary
from pipeline.l10n.exchange import JobFile, job_files, unit_id
from pipeline.l10n.qa_checks import Context, run_checks
from pipeline.l10n.unit_status import Status, UnitState, read_po, unit_states

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
TOOL_ID = "pressroom"
FROM = "pressroom"
_PROVENANCE = ("machine:", "memory:", "import:")
_QUALIFIER = {"machine:": "leveraged-mt", "memory:": "leveraged-tm"}


def _tag(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


def _sub(
    parent: etree._Element, name: str, text: str | None = None, **attrs: str
) -> etree._Element:
    element = etree.SubElement(parent, _tag(name), attrs)
    if text is not None:
        element.text = text
    return element


def glossary_notes(source: str, lang: str, glossary: Glossary) -> list[str]:
    """The glossary entries that apply to this source text in this language."""
    return [
        f"glossary: keep '{term}' verbatim"
        if term == wanted
        else f"glossary: '{term}' is translated as '{wanted}'"
        for term, wanted in glossary.applicable(source, lang)
    ]


def _target(state: UnitState) -> tuple[str | None, str | None]:
    """The text to offer and its XLIFF state."""
    if state.status is Status.APPROVED:
        return state.text, "signed-off"
    if state.status is Status.OUTDATED:
        text = state.text if state.text is not None else state.previous and state.previous.msgstr
        return text or None, "needs-review-translation"
    if state.status is Status.DRAFT:
        return state.text, "needs-review-translation"
    return None, None


def _notes(state: UnitState, text: str | None, lang: str, glossary: Glossary) -> list[str]:
    notes: list[str] = []
    if state.entry is not None and state.status is not Status.APPROVED:
        notes += [
            line.strip()
            for line in state.entry.comments.splitlines()
            if line.startswith(_PROVENANCE)
        ]
    if state.status is Status.APPROVED:
        notes.append("approved in Pressroom: context; a change comes back as a draft to review")
    if state.previous is not None:
        notes.append(f"source changed; previous source: {state.previous.msgid}")
        if state.text is None:
            notes.append("the target is the translation of the previous source")
    notes += glossary_notes(state.unit.msgid, lang, glossary)
    if text:
        overridden = state.entry is not None and "qa-ok" in state.entry.flags
        for problem in run_checks(state.unit.msgid, text, Context(lang, glossary)):
            tag = "blocking" if problem.blocking and not overridden else "warning"
            notes.append(f"qa ({tag}): {problem.message}")
    return notes


def _unit(body: etree._Element, job: JobFile, state: UnitState, lang: str, site: Site) -> None:
    unit = state.unit
    attrs = {"id": unit_id(unit.key), f"{{{XML_NS}}}space": "preserve"}
    if unit.context is not None:
        attrs["resname"] = unit.context
    if state.status is Status.APPROVED:
        attrs["approved"] = "yes"
    element = _sub(body, "trans-unit", **attrs)
    _sub(element, "source", unit.msgid)
    text, xliff_state = _target(state)
    if text is not None and xliff_state is not None:
        target = _sub(element, "target", text, state=xliff_state)
        provider = state.entry.provider if state.entry is not None else None
        if state.status is Status.DRAFT and provider:
            qualifier = _QUALIFIER.get(provider.split()[0])
            if qualifier:
                target.set("state-qualifier", qualifier)
    location = _sub(element, "context-group", purpose="location")
    _sub(location, "context", job.original, **{"context-type": "sourcefile"})
    _sub(location, "context", str(unit.line), **{"context-type": "linenumber"})
    for note in _notes(state, text, lang, site.glossary):
        _sub(element, "note", note, **{"from": FROM})


def _file(root: etree._Element, job: JobFile, lang: str, site: Site) -> None:
    element = _sub(
        root,
        "file",
        original=job.original,
        **{
            "source-language": job.source_language,
            "target-language": lang,
            "datatype": "plaintext",
            "tool-id": TOOL_ID,
        },
    )
    header = _sub(element, "header")
    _sub(
        header,
        "tool",
        **{"tool-id": TOOL_ID, "tool-name": "Pressroom", "tool-version": version("pressroom")},
    )
    body = _sub(element, "body")
    states = unit_states(job.units, read_po(job.translations), read_po(job.drafts))
    for state in states:
        _unit(body, job, state, lang, site)


def export_xliff(content: Path, release_id: str, lang: str) -> bytes:
    """The XLIFF 1.2 document of one release in one target language."""
    site = load_site(content)
    root = etree.Element(_tag("xliff"), {"version": "1.2"}, nsmap={None: XLIFF_NS})
    for job in job_files(site, release_id, lang):
        _file(root, job, lang, site)
    etree.indent(root)
    for unit in root.iter(_tag("trans-unit")):
        # Nothing but the content itself inside a unit that preserves whitespace.
        unit.text = None
        for element in unit.iterdescendants():
            element.tail = None
            if len(element):
                element.text = None
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
