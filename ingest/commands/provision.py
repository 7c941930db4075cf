"""`nba-lake apply | plan | destroy`: provision or remove the lake on either target."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from rich.console import Console

from ingest.errors import LakeError
from ingest.pipeline.lock import LockBusy, ingest_lock
from ingest.provision.base import Confirm, Say
from ingest.settings import Settings
from ingest.targets import open_lake, provisioner_for

#: How long destroy waits for a running ingest to finish before it refuses.
DESTROY_WAIT_SECONDS = 30.0


def _say(console: Console) -> Say:
    return lambda line: console.print(line, highlight=False, soft_wrap=True)


def apply(settings: Settings, console: Console, *, yes: bool) -> None:
    provisioner_for(settings, "apply").apply(yes=yes, say=_say(console))
    console.print(f"Lake outputs: {settings.outputs_path}", highlight=False, soft_wrap=True)


def plan(settings: Settings, console: Console) -> None:
    provisioner_for(settings, "plan").plan(say=_say(console))


def _asker(console: Console) -> Confirm:
    def confirm(question: str) -> bool:
        if not sys.stdin.isatty():
            raise LakeError(
                "destroy needs confirmation", "run it again with --yes (or YES=1 with make)"
            )
        console.print(question, end=" ", highlight=False)
        return input().strip().lower() == "yes"

    return confirm


@contextmanager
def _lake_locked(settings: Settings, wait_seconds: float) -> Iterator[None]:
    """Hold the lake's ingest lock, so no ingest writes while its lake is removed; a lake
    that cannot be opened (never applied, its bucket already gone) has nothing to lock."""
    with ExitStack() as stack:
        try:
            lake = open_lake(settings)
            stack.enter_context(
                ingest_lock(lake.storage, wait_seconds=wait_seconds, purpose="destroy")
            )
        except LockBusy as busy:
            raise LakeError(f"{busy.problem}; nothing was destroyed", busy.hint) from None
        except LakeError:
            pass
        yield


def destroy(
    settings: Settings,
    console: Console,
    *,
    yes: bool,
    delete_data: bool = False,
    wait_seconds: float = DESTROY_WAIT_SECONDS,
) -> None:
    """Remove the lake once no ingest runs on it (waiting up to `wait_seconds`)."""
    provisioner = provisioner_for(settings, "destroy")
    with _lake_locked(settings, wait_seconds):
        provisioner.destroy(_asker(console), yes=yes, say=_say(console), delete_data=delete_data)
