"""Record every AWS operation the project performs, with a botocore event hook.

`CallRecorder.install()` wraps botocore's `Session.create_client`, so every client made
while it is installed (by the project or by a test) gets a `before-parameter-build` hook.
The hook keeps a call when the project made it: the nearest caller outside boto3, botocore
and s3transfer is a module of `ingest` or `tui`, or it is a worker thread of a boto3
managed transfer on one of the project's own clients (their user agent names nba-lake).
A test that creates a bucket or reads a partition through its own client is not recorded.

The hook only observes: every call still goes to the emulator as it would without it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import botocore.session

from ingest.targets.aws import USER_AGENT

_LIBRARIES = ("botocore", "boto3", "s3transfer", __name__)
_PROJECT = ("ingest", "tui")
_WORKER_THREADS = ("concurrent.futures", "threading")


@dataclass(frozen=True)
class Call:
    """One AWS API call: service (`s3`, `glue`, `athena`), operation, region, parameters."""

    service: str
    operation: str
    region: str
    params: dict[str, Any] = field(hash=False, compare=False)


def _caller() -> str:
    """The module of the nearest frame outside the AWS SDK (and this module)."""
    frame = sys._getframe(2)
    while frame is not None:
        name = str(frame.f_globals.get("__name__", ""))
        if not name.startswith(_LIBRARIES):
            return name
        frame = frame.f_back  # type: ignore[assignment]
    return ""


@dataclass
class CallRecorder:
    """The calls the project made, in order; `query_workgroups` maps Athena query ids to the
    workgroup they ran in (GetQueryExecution names only the id)."""

    calls: list[Call] = field(default_factory=list)
    query_workgroups: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _hook(self, client: Any) -> None:
        service = client.meta.service_model.service_name
        ours = USER_AGENT in (client.meta.config.user_agent_extra or "")
        region = client.meta.region_name

        def record(model: Any, params: dict[str, Any], **_: Any) -> None:
            caller = _caller()
            if caller.startswith(_PROJECT) or (ours and caller.startswith(_WORKER_THREADS)):
                with self._lock:
                    self.calls.append(Call(service, model.name, region, dict(params)))

        def remember_workgroup(parsed: dict[str, Any], **kwargs: Any) -> None:
            query_id = parsed.get("QueryExecutionId")
            workgroup = kwargs.get("context", {}).get("nba_lake_workgroup")
            if query_id and workgroup:
                self.query_workgroups[query_id] = workgroup

        def keep_workgroup(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
            context["nba_lake_workgroup"] = params.get("WorkGroup", "primary")

        events = client.meta.events
        events.register(
            f"before-parameter-build.{client.meta.service_model.service_id.hyphenize()}", record
        )
        if service == "athena":
            events.register("before-parameter-build.athena.StartQueryExecution", keep_workgroup)
            events.register("after-call.athena.StartQueryExecution", remember_workgroup)

    @contextmanager
    def installed(self) -> Iterator[CallRecorder]:
        """Hook every botocore client created inside the block."""
        original: Callable[..., Any] = botocore.session.Session.create_client

        def create_client(session: Any, *args: Any, **kwargs: Any) -> Any:
            client = original(session, *args, **kwargs)
            self._hook(client)
            return client

        botocore.session.Session.create_client = create_client  # type: ignore[method-assign]
        try:
            yield self
        finally:
            botocore.session.Session.create_client = original  # type: ignore[method-assign]
