"""A background thread that refreshes a held lock, so a long run is never taken for dead.

It calls `refresh` every `interval` seconds; `refresh` answers False when the lock is no
longer ours (the process was suspended past the staleness limit and another run took
over), which the run checks with `lost` before it publishes anything more.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType

from ingest.errors import LakeError

_log = logging.getLogger(__name__)


class Heartbeat:
    """Refreshes a lock on a daemon thread while its `with` block runs."""

    def __init__(self, refresh: Callable[[], bool], interval: float) -> None:
        self._refresh, self._interval = refresh, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="nba-lake-lock", daemon=True)
        self.lost = False
        self.beats = 0

    def _beat(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                if not self._refresh():
                    self.lost = True
                    return
                self.beats += 1
            except (
                LakeError,
                OSError,
            ) as err:  # a passing storage error: the next beat tries again
                _log.warning("could not refresh the ingest lock: %s", err)

    def check(self) -> None:
        """Raise when the lock was taken over: nothing more may be published."""
        if self.lost:
            raise LakeError(
                "this run lost the lake's lock (it was stopped longer than the lock's "
                "time limit and another run took over); it stopped publishing",
                "run ingest again once the other run has finished",
            )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
