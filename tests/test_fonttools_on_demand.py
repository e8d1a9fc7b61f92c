"""fontTools' subsetter and variable-font instancer load when WeasyPrint first uses them.

WeasyPrint imports both as it loads (a tenth of a second, on the path of every build)
but uses them only for fonts HarfBuzz cannot subset and for variable fonts. Each test
runs in a fresh interpreter: the test process has long since loaded both.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from .font_support import save_variable_font


def _run(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_weasyprint_loads_without_the_subsetter_and_the_instancer() -> None:
    loaded = _run(
        """
        import sys
        import pipeline.render.weasyprint_pdf
        from weasyprint.pdf import fonts
        print("fontTools.subset" in sys.modules, "fontTools.varLib.instancer" in sys.modules)
        print(callable(fonts.instantiateVariableFont))
        """
    )
    assert loaded == ["False", "False", "True"]


def test_the_subsetter_is_the_real_one_at_first_use() -> None:
    seen = _run(
        """
        import sys
        import pipeline.render.weasyprint_pdf
        from weasyprint.pdf import fonts
        options = fonts.subset.Options(retain_gids=True)  # as WeasyPrint's own fallback does
        real = sys.modules["fontTools.subset"]
        print(type(options) is real.Options, real.__file__.endswith("subset/__init__.py"))
        import fontTools.subset
        print(fontTools.subset is real)
        """
    )
    assert seen == ["True", "True", "True"]


def test_a_variable_font_is_made_static_by_the_real_instancer(tmp_path: Path) -> None:
    """The function WeasyPrint took while loading loads the instancer when first called."""
    font = tmp_path / "TinyVariable.ttf"
    save_variable_font(font)
    made = _run(
        f"""
        import sys
        import pipeline.render.weasyprint_pdf
        from weasyprint.pdf import fonts
        from fontTools.ttLib import TTFont
        font = TTFont({str(font)!r})
        print("fvar" in font, "fontTools.varLib.instancer" in sys.modules)
        static = fonts.instantiateVariableFont(font, {{"wght": 700}}, static=True)
        print("fvar" in static, "fontTools.varLib.instancer" in sys.modules)
        """
    )
    assert made == ["True", "False", "False", "True"]


def test_what_weasyprint_may_take_while_loading_is_a_function() -> None:
    """Only functions can be handed out before their module loads: a class or a constant
    would be the wrong object."""
    kinds = _run(
        """
        import importlib, inspect
        from pipeline.render.weasyprint_import import ON_DEMAND
        for module, names in sorted(ON_DEMAND.items()):
            for name in sorted(names):
                real = getattr(importlib.import_module(module), name)
                print(f"{module}.{name}", inspect.isfunction(real))
        """
    )
    assert kinds == ["fontTools.varLib.instancer.instantiateVariableFont", "True"]


def test_any_other_name_asked_while_loading_is_the_real_modules() -> None:
    """What a newer WeasyPrint might take that is not listed: the real object, loaded then."""
    seen = _run(
        """
        import sys
        from pipeline.render.weasyprint_import import OnDemandModule
        stand_in = OnDemandModule("fontTools.subset")
        sys.modules["fontTools.subset"] = stand_in
        Options = stand_in.Options  # while "loading"
        real = sys.modules["fontTools.subset"]
        print(real is not stand_in, Options is real.Options, isinstance(Options, type))
        """
    )
    assert seen == ["True", "True", "True"]


def test_they_load_before_the_workers_fork_where_the_fonts_may_need_them() -> None:
    loaded = _run(
        """
        import sys
        from pipeline.render import weasyprint_import as w
        import pipeline.render.weasyprint_pdf
        names = list(w.ON_DEMAND)
        print(w.harfbuzz_subsets())
        print(w.load_fonttools_if_needed(variable_fonts=False), *(n in sys.modules for n in names))
        print(w.load_fonttools_if_needed(variable_fonts=True), *(n in sys.modules for n in names))
        """
    )
    if loaded[0] != "True":
        assert loaded[1:4] == ["True", "True", "True"], "no HarfBuzz subsetting: fontTools does"
    else:
        assert loaded[1:] == ["False", "False", "False", "True", "True", "True"]
