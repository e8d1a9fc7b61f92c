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
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from functools import cache

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


def forget_weasyprint() -> None:
    """Drop a half-loaded WeasyPrint, so that the next import starts afresh."""
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        del sys.modules[name]


def import_weasyprint() -> None:
    """WeasyPrint with the quick lookup, or, if that cannot find a library, the usual one."""
    try:
        with quick_library_lookup(), redirect_stdout(io.StringIO()):  # its banner, if it fails
            importlib.import_module("weasyprint")
    except OSError:
        forget_weasyprint()
        importlib.import_module("weasyprint")


import_weasyprint()  # loads Pango, HarfBuzz, fontconfig
