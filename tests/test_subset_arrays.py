"""Font subsets: the glyph arrays WeasyPrint makes are the same, their type names parsed once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cffi.api  # type: ignore[import-untyped]
import pytest
from weasyprint.pdf import fonts

from pipeline.render import subset_arrays
from pipeline.render.weasyprint_pdf import render_pdf

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Subset</title>
</head><body><main><h1>Glyphs: {glyphs}</h1><p><b>{glyphs}</b> <i>{glyphs}</i></p>
</main></body></html>"""


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The C type names cffi parses from now on."""
    names: list[str] = []
    real = cffi.api.FFI._typeof_locked

    def counted(self: Any, cdecl: str) -> Any:
        names.append(cdecl)
        return real(self, cdecl)

    monkeypatch.setattr(cffi.api.FFI, "_typeof_locked", counted)
    return names


def test_weasyprint_gets_arrays_made_without_a_type_name_per_length(parsed: list[str]) -> None:
    assert isinstance(fonts.ffi, subset_arrays.OpenArrays), "installed with WeasyPrint"
    real = fonts.ffi.real
    fonts.ffi.new("hb_codepoint_t[2]", [1, 2])  # the open array type, parsed once
    parsed.clear()
    ours = fonts.ffi.new("hb_codepoint_t[9973]", list(range(9973)))
    assert parsed == [], "no new type name parsed for a new length"
    theirs = real.new("hb_codepoint_t[9971]", list(range(9971)))
    assert parsed == ["hb_codepoint_t[9971]"], "as the real ffi does, 2 ms each"
    assert len(ours) == 9973
    assert bytes(real.buffer(ours))[: 4 * 9971] == bytes(real.buffer(theirs))


def test_an_array_longer_than_its_items_keeps_its_length_and_zeros() -> None:
    array = fonts.ffi.new("hb_codepoint_t[5]", [7, 8])
    assert list(array) == [7, 8, 0, 0, 0]


def test_pdfs_are_the_same_bytes_with_and_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = PAGE.format(glyphs="Subsetting ÄÖÜ ßẞ Привет мир 0123456789 ¿¡ «» ‘’ “”")
    ours = render_pdf(html, tmp_path, [tmp_path], label="subset, language en")
    assert isinstance(fonts.ffi, subset_arrays.OpenArrays)
    monkeypatch.setattr(fonts, "ffi", fonts.ffi.real)
    theirs = render_pdf(html, tmp_path, [tmp_path], label="subset, language en")
    assert ours == theirs
