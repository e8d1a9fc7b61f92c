"""Outdated detection compared with GNU msgmerge --previous on a corpus of real edits.

msgmerge may offer one old translation to several new messages; Pressroom gives each old
translation to one unit only, the closest. So: every (unit, old text) pair we make is one
msgmerge makes too, and every old text msgmerge reuses is given by us exactly once.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest

from pipeline.content.segmentation import Unit
from pipeline.l10n.unit_status import Status, read_po, unit_states

LONG = (
    "On 20 January 1990, Soviet troops entered Baku in the night and opened fire on "
    "unarmed civilians who had gathered in the streets of the city; by morning 147 people "
    "had been killed, 744 wounded and 841 arrested, and the events, remembered every year "
    "as the January 20 tragedy, became a turning point in the struggle of the people of "
    "Azerbaijan for their independence."
)
LONG_REWORDED = (  # difflib with autojunk scores this 0.39, without 0.67; msgmerge: fuzzy
    "On the night of 20 January 1990 Soviet army units moved into Baku and shot at unarmed "
    "people gathered in the city streets. By the next morning 147 civilians were dead, 744 "
    "were wounded and 841 had been arrested; remembered each year as the January 20 tragedy, "
    "those events turned the struggle of Azerbaijan for independence."
)
CORPUS: dict[str, tuple[list[str], list[str]]] = {
    "typo fix": (
        ["The author recalls those tragic events clearly."],
        ["The author clearly recalls those tragic events."],
    ),
    "item inserted before an edited one": (
        ["- 147 were killed;", "- 744 were wounded;", "- 5 went missing."],
        [
            "- 147 were killed;",
            "- 744 were wounded;",
            "- 3 went missing in Sumgait.",
            "- 6 went missing.",
        ],
    ),
    "a long paragraph reworded": ([LONG], [LONG_REWORDED]),
    "a paragraph split in two": (
        [
            "The embassy organised a concert of traditional music. Musicians from Baku "
            "performed pieces by Uzeyir Hajibeyov for the guests."
        ],
        [
            "The embassy organised a concert of traditional music.",
            "Musicians from Baku performed pieces by Uzeyir Hajibeyov for the guests of "
            "the embassy.",
        ],
    ),
    "paragraphs swapped and one edited": (
        [
            "The ambassador met the minister of foreign affairs on Monday.",
            "They discussed trade, energy and cultural exchange.",
        ],
        [
            "They discussed trade, energy and the cultural exchange.",
            "The ambassador met the minister of foreign affairs on Tuesday.",
        ],
    ),
    "an unrelated new paragraph": (
        ["The exhibition opens on Friday at the embassy."],
        ["Visitors are welcome from ten in the morning until six."],
    ),
}


def _po(path: Path, texts: list[str], translated: bool) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for number, text in enumerate(texts):
        po.append(polib.POEntry(msgid=text, msgstr=f"T{number}" if translated else ""))
    po.save(str(path))
    return path


def msgmerge_pairs(tmp: Path, old: list[str], new: list[str]) -> dict[str, str]:
    """new text -> old text for every message msgmerge marks fuzzy."""
    merged = subprocess.run(
        [
            "msgmerge",
            "--previous",
            "-q",
            str(_po(tmp / "old.po", old, True)),
            str(_po(tmp / "new.pot", new, False)),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        e.msgid: e.previous_msgid
        for e in polib.pofile(merged)
        if "fuzzy" in e.flags and e.previous_msgid and not e.obsolete
    }


def our_pairs(tmp: Path, old: list[str], new: list[str]) -> dict[str, str]:
    units = [Unit(text, None, tmp / "release.md", n, "body") for n, text in enumerate(new)]
    store = read_po(_po(tmp / "ours.po", old, True))
    return {
        s.unit.msgid: s.previous.msgid
        for s in unit_states(units, store, read_po(tmp / "none.po"))
        if s.status is Status.OUTDATED and s.previous is not None
    }


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("case", sorted(CORPUS))
def test_outdated_units_agree_with_msgmerge(case: str, tmp_path: Path) -> None:
    old, new = CORPUS[case]
    theirs = msgmerge_pairs(tmp_path, old, new)
    ours = our_pairs(tmp_path, old, new)
    assert ours.items() <= theirs.items(), (ours, theirs)
    reused = {old_text for old_text in theirs.values() if old_text not in new}
    assert sorted(ours.values()) == sorted(reused), "each old text given once"


def test_the_edited_item_keeps_its_old_translation(tmp_path: Path) -> None:
    old, new = CORPUS["item inserted before an edited one"]
    ours = our_pairs(tmp_path, old, new)
    assert ours["- 6 went missing."] == "- 5 went missing."
    assert "- 3 went missing in Sumgait." not in ours, "the inserted item does not steal it"


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext is not installed")
def test_a_reworded_long_paragraph_is_outdated(tmp_path: Path) -> None:
    assert len(LONG) > 300
    assert msgmerge_pairs(tmp_path, [LONG], [LONG_REWORDED]) == {LONG_REWORDED: LONG}
    assert our_pairs(tmp_path, [LONG], [LONG_REWORDED]) == {LONG_REWORDED: LONG}


def test_a_split_paragraph_offers_its_translation_to_one_half(tmp_path: Path) -> None:
    old, new = CORPUS["a paragraph split in two"]
    assert list(our_pairs(tmp_path, old, new)) == [new[1]]
