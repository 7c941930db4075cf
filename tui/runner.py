"""Run statements in a named thread worker, so the UI never waits on an engine.

The runner owns the query engine (built on first use, in the worker: DuckDB and boto3
set-up stay off the UI thread) and runs statements through the core's `QuerySession`
(which records the history), reporting through messages posted to its host
(post_message is thread-safe). A cancel goes to the running statement's handle.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.dom import DOMNode

from ingest.errors import LakeError
from tui.messages import RunEnded, RunStarted, StatementFailed, StatementSucceeded

if TYPE_CHECKING:  # the engine side (pyarrow) loads in the worker, on the first run
    from ingest.query.engine import QueryEngine
    from ingest.query.history import QueryHistory
    from ingest.query.running import RunningQuery
    from ingest.query.session import QuerySession, StatementOutcome

WORKER_NAME = "query"
EngineFactory = Callable[[], "QueryEngine"]


class QueryRunner:
    """One engine, one run at a time; `cancel()` stops the statement being run."""

    def __init__(
        self, host: DOMNode, engine_factory: EngineFactory, history: QueryHistory | None
    ) -> None:
        self._host = host
        self._factory = engine_factory
        self._history = history
        self._session: QuerySession | None = None
        self._lock = threading.Lock()
        self._cancelled = False
        self._current: RunningQuery | None = None
        self._ended = threading.Event()
        self._ended.set()  # no run yet
        self._run_id = 0
        self.owner = ""
        self.started_at = 0.0
        self.current_index = 0
        self.total = 0

    @property
    def running(self) -> bool:
        return not self._ended.is_set()

    def start(self, statements: list[str], owner: str = "") -> int:
        """Start a run of `statements` (in order, stopping at the first failure) for the
        editor tab `owner`, whose results it fills."""
        if self.running:
            raise LakeError("a query is already running", "wait for it or cancel it (ctrl+g)")
        self._run_id += 1
        with self._lock:
            self._cancelled, self._current = False, None
        self._ended.clear()
        self.started_at, self.current_index, self.total = time.monotonic(), 0, len(statements)
        run_id, self.owner = self._run_id, owner
        self._host.post_message(RunStarted(run_id, list(statements), owner))
        self._host.run_worker(
            lambda: self._work(run_id, owner, statements),
            name=WORKER_NAME,
            group=WORKER_NAME,
            thread=True,
            exit_on_error=False,
            description=f"run {len(statements)} statement(s)",
        )
        return run_id

    def cancel(self) -> bool:
        """Cancel the run; True when one was in progress.

        The running statement's handle is cancelled on a thread worker (Athena's
        StopQueryExecution is a network call); a statement not started yet never starts.
        """
        if not self.running:
            return False
        with self._lock:
            self._cancelled = True
            current = self._current
        if current is not None:
            self._host.run_worker(current.cancel, name="cancel", thread=True, exit_on_error=False)
        return True

    def close(self) -> threading.Thread:
        """On exit: stop a running query (so Athena stops billing), then release the engine.

        Both happen on a thread of their own, never on the UI thread: Athena's
        StopQueryExecution is a network call and DuckDB's close waits on its CSV writer. The
        engine is closed once the run has ended. The thread is not a daemon, so the process
        exits only after it; it is returned for callers that want to wait on it.
        """
        closer = threading.Thread(target=self._shut_down, name="query-close", daemon=False)
        closer.start()
        return closer

    def _shut_down(self) -> None:
        with self._lock:
            self._cancelled = True
            current = self._current
        if current is not None:
            current.cancel()
        self._ended.wait()
        with self._lock:
            session, self._session = self._session, None
        if session is not None:
            with contextlib.suppress(Exception):  # exiting: nothing left to report it to
                session.engine.close()

    # -- worker thread -----------------------------------------------------------------

    def _session_for_run(self) -> QuerySession:
        """The session, its engine built here on first use."""
        if self._session is None:
            from ingest.query.session import QuerySession

            self._session = QuerySession(self._factory(), self._history)
        return self._session

    def _hold(self, index: int, query: RunningQuery) -> None:
        """Keep the statement's handle for cancel(); cancel it at once if asked already."""
        self.current_index = index
        with self._lock:
            self._current = query
            cancelled = self._cancelled
        if cancelled:
            query.cancel()

    def _stopped(self) -> bool:
        with self._lock:
            return self._cancelled

    def _work(self, run_id: int, owner: str, statements: list[str]) -> None:
        post = self._host.post_message
        try:
            session = self._session_for_run()
            for outcome in session.run(statements, on_start=self._hold, stopped=self._stopped):
                self._report(run_id, owner, outcome)
        except LakeError as err:  # the engine could not be built (no lake ...)
            post(StatementFailed(run_id, self.current_index, str(err), False, owner))
        except Exception as err:  # a bug must not take the app down
            text = f"unexpected {type(err).__name__}: {' '.join(str(err).split())}"
            post(StatementFailed(run_id, self.current_index, text, False, owner))
        finally:
            with self._lock:
                self._current = None
            self._ended.set()
            post(RunEnded(run_id, owner))

    def _report(self, run_id: int, owner: str, outcome: StatementOutcome) -> None:
        if outcome.result is not None:
            message = StatementSucceeded(run_id, outcome.index, outcome.result, owner)
            self._host.post_message(message)
        else:
            error = str(outcome.error) if outcome.error else "failed"
            self._host.post_message(
                StatementFailed(run_id, outcome.index, error, outcome.cancelled, owner)
            )
