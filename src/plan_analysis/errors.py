"""The package's own error and warning types.

Every failure on bad input ends in `PlanAnalysisError`, naming the file, the position
(line, or sheet and row) and what was expected, so the CLI can print one paragraph
instead of a traceback. Recoverable oddities are `PlanAnalysisWarning`s that keep the text.
"""

from __future__ import annotations

from pathlib import Path

from .config import QUOTE_LIMIT


def _where(file: str | Path | None, position: str | None, *, as_given: bool = False) -> str:
    shown = "" if file is None else str(file) if as_given else Path(file).name
    return ", ".join(p for p in (shown, position or "") if p)


class PlanAnalysisError(Exception):
    """Bad input or configuration: says which file, where, and what is wrong.

    The file is named by its name alone, or with `path_as_given` by the path exactly as the
    user gave it (for a file that cannot be opened: a typo in a folder must show)."""

    def __init__(
        self,
        problem: str,
        *,
        file: str | Path | None = None,
        position: str | None = None,
        path_as_given: bool = False,
    ) -> None:
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.position = position
        self.path_as_given = path_as_given
        super().__init__(problem)

    def __str__(self) -> str:
        where = _where(self.file, self.position, as_given=self.path_as_given)
        return f"{where}: {self.problem}" if where else self.problem


class PlanAnalysisWarning(UserWarning):
    """Something odd in the input that was kept, not dropped (the text is in the message)."""


def warning_text(
    problem: str, *, file: str | Path | None = None, position: str | None = None
) -> str:
    """The message of a `PlanAnalysisWarning`, in the same shape as an error's."""
    where = _where(file, position)
    return f"{where}: {problem}" if where else problem


def quoted(text: object, limit: int = QUOTE_LIMIT) -> str:
    """Input text as quoted in a message: at most `limit` characters, then "…" saying how
    much was left out, so that a 50 MB one-line file does not print 50 MB."""
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…(+{len(text) - limit} characters)"
