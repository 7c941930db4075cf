"""One error type for everything a user can fix, printed as one line by the CLI and the TUI."""

from __future__ import annotations


class LakeError(Exception):
    """A problem the user can act on: what went wrong, and what to do about it.

    `str(err)` is a single line, "<problem>: <what to do>", so the CLI can print it to
    stderr as is and the TUI can show it in a status line.
    """

    def __init__(self, problem: str, hint: str = "") -> None:
        self.problem = " ".join(problem.split())
        self.hint = " ".join(hint.split())
        super().__init__(f"{self.problem}: {self.hint}" if self.hint else self.problem)
