"""A tiny variable font for tests, built with fontTools (no font file in the repository)."""

from __future__ import annotations

from pathlib import Path


def save_variable_font(path: Path) -> None:
    """One glyph and a weight axis that moves it: a variable font to fontconfig (which
    needs the ``gvar`` deltas, not only ``fvar``) and to fontTools' instancer."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib.tables.TupleVariation import TupleVariation

    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((0, 600))
    pen.lineTo((600, 600))
    pen.lineTo((600, 0))
    pen.closePath()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "A"])
    builder.setupCharacterMap({65: "A"})
    builder.setupGlyf({".notdef": pen.glyph(), "A": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (600, 0), "A": (600, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Tiny Variable", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.setupFvar([("wght", 100, 400, 900, "Weight")], [])
    moved = TupleVariation({"wght": (0, 1.0, 1.0)}, [(10, 0)] * 4 + [(0, 0)] * 4)
    builder.setupGvar({"A": [moved], ".notdef": []})
    builder.save(str(path))
