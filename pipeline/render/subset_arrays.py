"""Font subsetting without a C parser run for every glyph count.

When it writes a PDF, WeasyPrint subsets each font with HarfBuzz and hands it the glyphs
to keep as ``ffi.new(f"hb_codepoint_t[{count}]", glyphs)``: the count is part of the type's
name, and cffi parses every name it has not seen (2 ms each: it reads again every C
declaration WeasyPrint made). A process meets a new count for most fonts of most documents
(two arrays per font), so a worker spent a few milliseconds per PDF, and its first PDFs
the most, parsing type names. The same array made as ``hb_codepoint_t[]`` from the same
glyphs has the same length and bytes, and its type is parsed once: ``install`` gives
WeasyPrint's font module an ``ffi`` that makes them so, and leaves everything else to
the real one.
"""

from __future__ import annotations

import re
from typing import Any

from weasyprint.pdf import fonts

_SIZED = re.compile(r"(hb_codepoint_t)\[(\d+)\]")


class OpenArrays:
    """WeasyPrint's ``ffi``, but an ``X[n]`` array of n given items is made as ``X[]``."""

    def __init__(self, ffi: Any) -> None:
        self.real = ffi

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def new(self, cdecl: Any, init: Any = None) -> Any:
        if isinstance(cdecl, str) and hasattr(init, "__len__"):
            sized = _SIZED.fullmatch(cdecl)
            if sized and int(sized[2]) == len(init):  # a shorter init keeps its zeros
                cdecl = f"{sized[1]}[]"
        return self.real.new(cdecl, init)


def install() -> None:
    """Give WeasyPrint's font module the ``ffi`` above (once per process)."""
    if not isinstance(fonts.ffi, OpenArrays):
        fonts.ffi = OpenArrays(fonts.ffi)
