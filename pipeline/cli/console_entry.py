"""The console entry point: a no-op build answers before the CLI framework loads.

Importing typer (which imports pydantic) takes longer than a whole no-op build may take.
So a plain ``pressroom build ...`` is first read here, by a parser that knows exactly the
build options; if anything in the command line is unusual (``--force``, ``--help``,
``--opt=value``, an unknown word, a bad date) or anything changed since the last run, the
full CLI takes over and does everything as usual. Only a build command line loads the
no-op check: ``pressroom --help`` and the other commands go straight to the CLI.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class BuildArgs:
    ids: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    due: bool = False
    review: bool = False
    strict: bool = False
    verbose: bool = False
    date: dt.date | None = None
    now: dt.datetime | None = None
    content: Path = Path("content")
    output: Path = Path("output")


def parse_build(argv: list[str]) -> BuildArgs | None:
    """The options of a plain build command line, or None to let the full CLI decide."""
    if not argv or argv[0] != "build":
        return None
    from pipeline.content.dates import LAST_YEAR
    from pipeline.content.language_codes import LANGUAGE_CODE

    args = BuildArgs()
    words = iter(argv[1:])
    for word in words:
        if word in ("--due", "--review-copies", "--strict", "--verbose"):
            setattr(args, {"--review-copies": "review"}.get(word, word[2:]), True)
        elif word in ("--lang", "--date", "--now", "--jobs", "--content", "--output"):
            value = next(words, None)
            if value is None or value.startswith("-"):
                return None
            if word == "--lang":
                if not LANGUAGE_CODE.match(value):
                    return None  # the full CLI explains what a language code is
                args.langs.append(value)
            elif word == "--date":
                try:
                    args.date = dt.date.fromisoformat(value)
                except ValueError:
                    return None
                if args.date.year > LAST_YEAR:
                    return None
            elif word == "--now":
                try:
                    args.now = dt.datetime.fromisoformat(value)
                except ValueError:
                    return None
                if args.now.tzinfo is None or args.now.year > LAST_YEAR:
                    return None  # the full CLI says why
            elif word == "--jobs":
                if not (value.isdigit() and int(value) >= 1):
                    return None
            else:
                setattr(args, word[2:], Path(value))
        elif word.startswith("-"):
            return None  # --force, --help, --opt=value, anything else: the full CLI
        else:
            args.ids.append(word)
    return args


def no_op_build(argv: list[str]) -> int | None:
    """Exit code of a build with nothing to do, or None when there is work (or doubt)."""
    args = parse_build(argv)
    if args is None or not args.content.is_dir():
        return None
    from pipeline.content.paths import TEMPLATES
    from pipeline.files import held_if_free, locked, remove_stale_temporaries
    from pipeline.publish import noop_check
    from pipeline.publish.build_summary import held_back_lines, strict_failure, summary

    key = noop_check.options_key(
        tuple(args.ids), tuple(args.langs), args.due, args.review, TEMPLATES
    )

    def previous_run() -> dict[str, Any] | None:
        remove_stale_temporaries(args.output)
        return noop_check.previous_report(
            args.content, args.output, TEMPLATES, key, args.date, args.now
        )

    with held_if_free(args.content) as free:  # the lock, without loading filelock
        run = previous_run() if free else None
    if not free:
        with locked(args.content):  # held, or not to be had at once: wait, and say so
            run = previous_run()
    if run is None:
        return None
    for line in run.get("held", []):  # releases on hold, as the full build says
        print(str(line), file=sys.stderr)
    held_back = [str(line) for line in run["held_back"]]
    notes = [str(line) for line in run.get("notes", [])]
    warnings = [str(line) for line in run.get("warnings", [])]
    for line in held_back_lines(held_back, args.verbose):
        print(line, file=sys.stderr)
    for line in warnings:
        print(f"warning: {line}", file=sys.stderr)
    if args.due and not run["selected"]:
        print("nothing due")
        return 0
    for line in notes:
        print(line)
    print(summary(0, int(run["unchanged"]), len(held_back), args.output))
    if args.strict and (held_back or warnings):
        print(strict_failure(len(held_back), len(warnings)), file=sys.stderr)
        return 1
    return 0


def main() -> None:
    code = no_op_build(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    early = None
    if sys.argv[1:2] == ["build"] and not {"--help", "-h"} & set(sys.argv):
        # WeasyPrint loads in the renderer while the CLI loads here (pipeline.publish.renderer)
        from pipeline.content.paths import TEMPLATES
        from pipeline.publish.renderer import Renderer

        early = Renderer.start_early(TEMPLATES)
    try:
        from pipeline.cli.commands import main as cli_main

        cli_main()
    finally:
        if early is not None:
            early.stop()


def script() -> None:
    """The ``pressroom`` command (and ``python -m pipeline``): ``main``, then the end.

    The process ends here. Its last garbage collections would walk every object of a
    large heap (WeasyPrint, fontTools, the site) to free what exit frees anyway: a fifth
    of a second after a build. Objects are still released as usual. (Tests call ``main``
    in their own process, which goes on: they must not freeze it.) Ctrl-C ends it with
    exit code 130 and nothing else, whenever it comes, as the CLI does once it runs.
    """
    try:
        main()
    except KeyboardInterrupt:  # Ctrl-C before the CLI took over: as the CLI ends one
        sys.exit(130)
    finally:
        gc.freeze()
