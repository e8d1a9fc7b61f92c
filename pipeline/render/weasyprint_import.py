"""WeasyPrint, imported without the twenty-odd subprocesses its library lookup costs.

WeasyPrint finds Pango, HarfBuzz and fontconfig by trying several names per library
(``libgobject-2.0-0``, ``gobject-2.0``, ... for Windows, macOS and Linux). For each name
that is not a file, cffi asks ``ctypes.util.find_library``, which on Linux runs
``ldconfig -p`` and then gcc and ld: 22 lookups, a fifth of a second, in every build.
While WeasyPrint loads, those lookups are answered from one ``ldconfig -p`` listing
read once, the same answer ``find_library`` gives from it. A name the listing does not
have is taken as not found (WeasyPrint then tries its next name, the plain file name
that loads directly), unless ``LD_LIBRARY_PATH`` or ``LIBRARY_PATH`` is set: then the
slow lookup runs, since gcc and ld search there too. Should WeasyPrint still fail to load
(a library only a toolchain's own folders hold), it is loaded again the usual way.
Elsewhere nothing changes.

fontTools' subsetter and variable-font instancer, which WeasyPrint imports as it loads
(a tenth of a second, a quarter of its loading), are used only for fonts HarfBuzz cannot
subset and for variable fonts: they load when first used (``fonttools_on_demand``), or,
where fontconfig offers a variable font or HarfBuzz cannot subset, in the renderer before
it forks the workers (``load_fonttools_if_needed``).
"""

from __future__ import annotations

import ctypes.util
import importlib
import io
import os
import re
import struct
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from functools import cache
from typing import Any

_ABI = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}  # as ctypes.util._findSoname_ldconfig names them


@cache
def _ldconfig_listing() -> bytes:
    try:
        done = subprocess.run(
            ["/sbin/ldconfig", "-p"],
            stdin=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env={"LC_ALL": "C", "LANG": "C"},
            check=False,
        )
    except OSError:
        return b""
    return done.stdout


def listed_library(name: str) -> str | None:
    """The soname ``ldconfig -p`` lists for ``name`` (``gobject-2.0`` -> libgobject-2.0.so.0)."""
    bits = "-32" if struct.calcsize("l") == 4 else "-64"
    abi = _ABI.get(os.uname().machine + bits, "libc6")
    pattern = os.fsencode(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}")
    found = re.search(pattern, _ldconfig_listing())
    return os.fsdecode(found.group(1)) if found else None


def quick_find_library(slow: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """``find_library`` from one listing; ``slow`` where gcc and ld would search more."""
    searched_paths = os.environ.get("LD_LIBRARY_PATH") or os.environ.get("LIBRARY_PATH")

    def find_library(name: str) -> str | None:
        found = listed_library(name)
        if found is None and searched_paths:
            return slow(name)
        return found

    return find_library


@contextmanager
def quick_library_lookup() -> Iterator[None]:
    """While loading WeasyPrint on Linux: library lookups from one ldconfig listing."""
    if not sys.platform.startswith("linux") or not os.path.exists("/sbin/ldconfig"):
        yield
        return
    slow = ctypes.util.find_library
    ctypes.util.find_library = quick_find_library(slow)  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = slow


# What WeasyPrint imports from fontTools but uses only for uncommon fonts, and the functions
# it takes from them as it loads (``from fontTools.varLib.instancer import ...``).
ON_DEMAND: dict[str, frozenset[str]] = {
    "fontTools.subset": frozenset(),
    "fontTools.varLib.instancer": frozenset({"instantiateVariableFont"}),
}


class OnDemandModule(types.ModuleType):
    """Stands in for a module while WeasyPrint loads; the real module loads at first use.

    A function of ``ON_DEMAND`` that WeasyPrint takes from it as it loads is one that loads
    the module when first called; any other name (``subset.Options``, later) is the real
    module's, loaded then: a name a newer WeasyPrint takes that is not listed costs the
    time saved, never a wrong object (and a test then says the module loads with it).
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.loading = True

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if self.loading and name in ON_DEMAND.get(self.__name__, ()):
            return _loaded_when_called(self.__name__, name)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]  # so that the import below loads the real one
        return getattr(importlib.import_module(self.__name__), name)


def _loaded_when_called(module: str, name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


def harfbuzz_subsets() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (4.1 or later), not with fontTools."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def load_fonttools_if_needed(variable_fonts: bool) -> bool:
    """Load the modules of ``ON_DEMAND`` now if the fonts at hand may need them: before the
    render workers fork, so that they share them instead of each loading them (a sixth of
    a second) at its first PDF. True if it did."""
    if harfbuzz_subsets() and not variable_fonts:
        return False
    for name in ON_DEMAND:
        importlib.import_module(name)
    return True


@contextmanager
def fonttools_on_demand() -> Iterator[None]:
    """While WeasyPrint loads: the modules of ``ON_DEMAND`` are stand-ins, taken out of
    ``sys.modules`` afterwards, so that their first use (or any later import) loads them."""
    stand_ins = {name: OnDemandModule(name) for name in ON_DEMAND if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        yield
    finally:
        for name, stand_in in stand_ins.items():
            stand_in.loading = False
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


def forget_weasyprint() -> None:
    """Drop a half-loaded WeasyPrint, so that the next import starts afresh."""
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        del sys.modules[name]


def import_weasyprint() -> None:
    """WeasyPrint with the quick lookup, or, if that cannot find a library, the usual one."""
    with fonttools_on_demand():
        try:
            with quick_library_lookup(), redirect_stdout(io.StringIO()):  # a failure's banner
                importlib.import_module("weasyprint")
        except OSError:
            forget_weasyprint()
            importlib.import_module("weasyprint")


import_weasyprint()  # loads Pango, HarfBuzz, fontconfig
