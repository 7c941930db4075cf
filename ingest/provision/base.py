"""What provisioning a target means: plan, apply and destroy, reporting as it goes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

#: Prints one line for the user (the CLI passes its console's print).
Say = Callable[[str], None]
#: Asks the user a yes/no question; may raise LakeError when nobody can answer.
Confirm = Callable[[str], bool]


def quiet(_: str) -> None:
    """A `Say` that prints nothing (tests, fixtures)."""


class Provisioner(Protocol):
    """Creates, changes and removes one target's lake; writes or deletes outputs.json."""

    def plan(self, *, say: Say = quiet) -> None:
        """Show what `apply` would change, changing nothing."""
        ...

    def apply(self, *, yes: bool = False, say: Say = quiet) -> None:
        """Create or update the lake and write the outputs contract."""
        ...

    def destroy(
        self, confirm: Confirm, *, yes: bool = False, say: Say = quiet, delete_data: bool = False
    ) -> None:
        """Remove the lake (asking `confirm` unless `yes`) and its outputs contract.

        Without `delete_data`, a target whose storage outlives a refused delete (an S3
        bucket that holds data) refuses before removing anything."""
        ...
