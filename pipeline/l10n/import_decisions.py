"""What ``pressroom import`` does with each unit of a returned XLIFF file: pure decisions.

Nothing here reads or writes a file. A unit is found by, in order:

1. its id, when it is one of ours (``exchange.unit_id``): the unit is then the current
   unit with that id, and the source text in the file must still be that unit's text (a
   source a CAT tool let the translator edit is "changed source");
2. an id of ours that belongs to no current unit but is the id of the file's own source
   text: that text was exported, then changed in content/ ("changed source");
3. ``resname`` (our msgctxt) with the source text;
4. the source text alone, when exactly one current unit has it: files converted by other
   tools (translate-toolkit's po2xliff numbers its units and drops msgctxt) come back
   this way, their msgctxt restored from the unit found.

Anything else is unknown. A found unit's target is imported unless it changes nothing:
the approved text, the draft already there, or an outdated unit's earlier translation
left as it was exported (a translator who marks that one translated, signed-off or final
has confirmed it for the new source: it comes in as the translator's draft, which
``review --all`` may then approve like any other). The translator's state never makes a
unit approved: every import is a fuzzy draft, reviewed in Pressroom.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.content.segmentation import normalize
from pipeline.l10n.exchange import ID_PATTERN, unit_id
from pipeline.l10n.review_decisions import OUTDATED_NOTE
from pipeline.l10n.unit_status import Entry, Key, Status, UnitState
from pipeline.l10n.xliff_read import ReadUnit

CONFIRMED_STATES = ("translated", "signed-off", "final")


class Verdict(enum.StrEnum):
    ACCEPT = "accept"
    UNCHANGED = "unchanged"
    NO_TARGET = "no-target"
    CHANGED_SOURCE = "changed-source"
    UNKNOWN = "unknown"
    CONFLICT = "conflict"

    @property
    def is_problem(self) -> bool:
        return self in (Verdict.CHANGED_SOURCE, Verdict.UNKNOWN, Verdict.CONFLICT)


@dataclass(frozen=True)
class Decision:
    unit: ReadUnit
    verdict: Verdict
    reason: str
    key: Key | None = None
    text: str = ""
    previous_msgid: str | None = None  # an outdated unit's earlier source, for the reviewer


def _find(
    unit: ReadUnit,
    by_id: Mapping[str, UnitState],
    by_key: Mapping[Key, UnitState],
    by_source: Mapping[str, list[UnitState]],
) -> UnitState | Decision:
    source = normalize(unit.source)
    state = by_id.get(unit.id)
    if state is not None:
        if source != state.unit.msgid:
            return Decision(
                unit,
                Verdict.CHANGED_SOURCE,
                f"the source text in the file differs from the current source "
                f"'{_short(state.unit.msgid)}'",
            )
        return state
    if ID_PATTERN.match(unit.id) and unit_id((unit.resname, source)) == unit.id:
        return Decision(
            unit, Verdict.CHANGED_SOURCE, "the source text changed after the export: export again"
        )
    if unit.resname is not None and (found := by_key.get((unit.resname, source))):
        return found
    candidates = by_source.get(source, [])
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        return Decision(
            unit,
            Verdict.UNKNOWN,
            f"{len(candidates)} units have this source text; the file does not say which",
        )
    return Decision(unit, Verdict.UNKNOWN, "no unit has this id or source text")


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _judge(unit: ReadUnit, state: UnitState, text: str, draft: Entry | None) -> Decision:
    key = state.unit.key
    if state.status is Status.APPROVED and text == state.text:
        return Decision(unit, Verdict.UNCHANGED, "the approved translation", key, text)
    previous = state.previous
    earlier = draft is None or any(
        line.startswith(OUTDATED_NOTE) for line in draft.comments.splitlines()
    )
    if previous is not None and earlier and text == previous.msgstr:
        if unit.state in CONFIRMED_STATES:  # confirmed for the new source: the translator's now
            return Decision(
                unit, Verdict.ACCEPT, "earlier translation confirmed", key, text, previous.msgid
            )
        return Decision(unit, Verdict.UNCHANGED, "the earlier translation, untouched", key, text)
    if draft is not None and text == draft.msgstr:
        return Decision(unit, Verdict.UNCHANGED, "already the draft", key, text)
    return Decision(
        unit,
        Verdict.ACCEPT,
        "imported as a draft",
        key,
        text,
        previous.msgid if previous is not None else None,
    )


def decide_units(
    units: Sequence[ReadUnit], states: Sequence[UnitState], drafts: Mapping[Key, Entry]
) -> list[Decision]:
    """One decision per unit of one ``<file>`` (``drafts``: the current draft entries)."""
    by_id = {unit_id(s.unit.key): s for s in states}
    by_key = {s.unit.key: s for s in states}
    by_source: dict[str, list[UnitState]] = defaultdict(list)
    for state in states:
        by_source[state.unit.msgid].append(state)
    decided: dict[Key, str] = {}
    out: list[Decision] = []
    for unit in units:
        found = _find(unit, by_id, by_key, by_source)
        if isinstance(found, Decision):
            out.append(found)
            continue
        key = found.unit.key
        text = (unit.target or "").strip()
        if not text:
            out.append(Decision(unit, Verdict.NO_TARGET, "no translation", key))
            continue
        if key in decided:
            same = decided[key] == text
            out.append(
                Decision(
                    unit,
                    Verdict.UNCHANGED if same else Verdict.CONFLICT,
                    "a repeat of an earlier unit"
                    if same
                    else "another unit of this file translates the same text differently",
                    key,
                    text,
                )
            )
            continue
        decided[key] = text
        out.append(_judge(unit, found, text, drafts.get(key)))
    return out
