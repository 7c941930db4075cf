"""A process the start-up benchmark launches: an app that reports its first keystroke.

`python -m benchmarks.startup_child bare|lake FD`: runs a minimal Textual app with one
TextArea (`bare`) or the workbench (`lake`, on $LAKE_HOME). The parent types from the
moment it launched the process; the first time a key edits a text area (the same hook
in both apps: `TextArea.edit`), the process writes `time.monotonic()` to file descriptor
FD and exits, without saving anything (the next launch restores the same tabs).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import TextArea


class BareApp(App[None]):
    """The baseline: Textual and one text area, nothing else."""

    def compose(self) -> ComposeResult:
        yield TextArea()


def report_first_edit(fd: int) -> None:
    """Make the first edit of any text area write the time to `fd` and end the app."""
    edit = TextArea.edit
    reported = False

    def timed(self: TextArea, *args: Any, **kwargs: Any) -> Any:
        nonlocal reported
        result = edit(self, *args, **kwargs)
        if not reported:
            reported = True
            os.write(fd, f"{time.monotonic()!r}\n".encode())
            os.close(fd)
            self.app.exit()
        return result

    TextArea.edit = timed  # type: ignore[method-assign]


def main() -> None:
    kind, fd = sys.argv[1], int(sys.argv[2])
    report_first_edit(fd)
    if kind == "bare":
        BareApp().run()
        return
    from ingest.settings import Settings
    from tui.app import LakeApp

    LakeApp(Settings.from_env()).run()


if __name__ == "__main__":
    main()
