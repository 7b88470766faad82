"""Content errors and warnings, collected with their location and reported all at once.

The loader never stops at the first problem: every check appends a :class:`Diagnostic` to a
:class:`Diagnostics` list and carries on, so an author sees every mistake in one run.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in the content, pinned to a file and (when known) a line and column."""

    path: Path
    """The file the problem is in (or the folder, for a missing file)."""
    line: int | None
    """1-based line number, or ``None`` when the problem concerns the whole file."""
    col: int | None
    """1-based column, or ``None``."""
    message: str
    """What is wrong and what was expected, in the author's terms."""
    severity: str = ERROR
    """:data:`ERROR` or :data:`WARNING`."""

    def format(self, relative_to: Path | None = None) -> str:
        """``path:line[:col]: message`` (``warning:`` prefixed to the message for warnings)."""
        where = display_path(self.path, relative_to)
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{where}: {prefix}{self.message}"


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """The path as an author would type it: relative to the working folder when inside it."""
    base = relative_to or Path.cwd()
    try:
        return os.path.relpath(path, base) if Path(path).is_absolute() and _is_inside(path, base) else str(path)
    except ValueError:  # different drive on Windows
        return str(path)


def _is_inside(path: Path, base: Path) -> bool:
    try:
        Path(path).relative_to(base)
        return True
    except ValueError:
        return False


@dataclass
class Diagnostics:
    """The problems found while loading one or more courses, in the order they were found."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: Path, line: int | None, col: int | None, message: str) -> None:
        self.items.append(Diagnostic(Path(path), line, col, message, ERROR))

    def warning(self, path: Path, line: int | None, col: int | None, message: str) -> None:
        self.items.append(Diagnostic(Path(path), line, col, message, WARNING))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == WARNING]

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Diagnostic]:
        """By file, then line: the order an author fixes them in."""
        return sorted(self.items, key=lambda d: (str(d.path), d.line or 0, d.col or 0, d.message))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when one choice is close to *word*, else an empty string."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
