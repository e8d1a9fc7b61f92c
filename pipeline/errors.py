"""The small error hierarchy the CLI turns into exit codes and one-line messages.

Every problem a user can fix in their files is a ``ContentError`` that knows the file,
line and field, so the message points at the exact place to edit. Problems are gathered
into ``ContentErrors`` so that ``validate`` and ``build`` report everything at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class PressroomError(Exception):
    """Base of every error the CLI reports without a traceback (exit 1)."""


@dataclass(frozen=True)
class Problem:
    """One located problem in a content, template or PO file."""

    file: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{field} {self.message}"


class ContentError(PressroomError):
    """One problem in the user's files, with file, line and field."""

    def __init__(self, file: Path, line: int, field: str, message: str) -> None:
        self.problem = Problem(file, line, field, message)
        super().__init__(str(self.problem))


class ContentErrors(PressroomError):
    """Several content problems, reported together."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (str(p.file), p.line, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def one(cls, file: Path, line: int, field: str, message: str) -> ContentErrors:
        """A single located problem, reported in the same form as a list of them."""
        return cls([Problem(file, line, field, message)])


class BuildError(PressroomError):
    """Rendering failed for a reason that is not a located content problem."""


class UsageError(PressroomError):
    """The command line asks for something that does not exist (exit 2)."""
