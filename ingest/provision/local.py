"""Provision the `local` target: the Terraform declarations laid out under LAKE_HOME.

Like Terraform, apply keeps a small state file of what it created, so a second apply
reports no changes, a dataset removed from the declarations loses its tables, and
destroy removes only what apply made. Apply never deletes data.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.atomic import atomic_write_json
from ingest.catalog.local import LocalCatalog
from ingest.errors import LakeError
from ingest.names import bucket_problem, table_problem, workgroup_problem
from ingest.outputs import read_raw_outputs, to_terraform_json, write_outputs
from ingest.provision.base import Confirm, Say, quiet
from ingest.provision.changes import Action, Change, summary
from ingest.provision.layout import LocalLayout
from ingest.provision.local_spec import LocalLakeSpec, load_local_spec

_BUCKET_MARKER = ".nba-lake-bucket"


@dataclass
class LocalState:
    """Resources a local apply created (the local analogue of terraform.tfstate)."""

    bucket: str | None = None
    database: str | None = None
    tables: list[str] = field(default_factory=list)
    workgroup: str | None = None

    @classmethod
    def load(cls, path: Path) -> LocalState:
        """The state file; a damaged one, or one naming what apply could not have made
        (a bucket of `../..`), is one clear line: destroy deletes what it names."""
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            return cls()
        except (ValueError, RecursionError):
            data = None
        try:
            state = cls(**data)
        except TypeError:
            state = None
        if state is None or not state.names_valid():
            raise LakeError(
                f"the local state file {path} is damaged",
                "restore it, or delete it and the lake's folders by hand",
            )
        return state

    def names_valid(self) -> bool:
        names = [
            (self.bucket, bucket_problem),
            (self.database, table_problem),
            (self.workgroup, workgroup_problem),
            *((table, table_problem) for table in self.tables),
        ]
        return isinstance(self.tables, list) and all(
            value is None or (isinstance(value, str) and rule(value) is None)
            for value, rule in names
        )

    def save(self, path: Path) -> None:
        """Write the state file, unless it already says the same (a rerun touches nothing)."""
        if LocalState.load(path) != self:
            atomic_write_json(path, self.__dict__)


class LocalProvisioner:
    """apply / plan / destroy for the embedded lake (a `Provisioner`)."""

    def __init__(self, terraform_dir: Path, outputs_path: Path, layout: LocalLayout) -> None:
        self.terraform_dir = terraform_dir
        self.outputs_path = outputs_path
        self.layout = layout
        self.catalog = LocalCatalog(layout.catalog_root)

    # -- Provisioner -----------------------------------------------------------------

    def plan(self, *, say: Say = quiet) -> None:
        """Print what apply would do, without doing it."""
        _report(self.changes(dry_run=True), say, planned=True)

    def apply(self, *, yes: bool = False, say: Say = quiet) -> None:
        """Create or update everything declared; delete tables no longer declared."""
        _report(self.changes(dry_run=False), say, planned=False)

    def destroy(
        self, confirm: Confirm, *, yes: bool = False, say: Say = quiet, delete_data: bool = False
    ) -> None:
        """Remove what apply created, data included, once the user agrees (its question
        counts the data files, so `delete_data` adds nothing here)."""
        changes, data_files = self.destroy_preview()
        home = self.layout.home
        if not changes:
            say(f"Nothing to destroy in {home}.")
            return
        _report(changes, say, planned=True)
        question = (
            f"This deletes the local lake in {home}, "
            f"including {data_files} data files. Type 'yes' to go on:"
        )
        if not yes and not confirm(question):
            say("Destroy cancelled; nothing was deleted.")
            return
        self.remove()
        say(f"Destroyed the local lake in {home}.")

    # -- the work --------------------------------------------------------------------

    def changes(self, *, dry_run: bool) -> list[Change]:
        """Converge on the declarations (or only say what that would change)."""
        return self._converge(load_local_spec(self.terraform_dir), dry_run=dry_run)

    def _converge(self, spec: LocalLakeSpec, *, dry_run: bool) -> list[Change]:
        state = LocalState.load(self.layout.state_path)
        changes: list[Change] = []
        bucket_dir = self.layout.buckets_root / spec.bucket
        if not (bucket_dir / _BUCKET_MARKER).exists():
            changes.append(Change("create", "bucket", spec.bucket))
            if not dry_run:
                bucket_dir.mkdir(parents=True, exist_ok=True)
                (bucket_dir / _BUCKET_MARKER).write_text("created by nba-lake apply\n")
        if spec.database not in self.catalog.databases():
            changes.append(Change("create", "database", spec.database))
            if not dry_run:
                self.catalog.ensure_database(spec.database, "NBA data lake")
        wanted = spec.table_inputs()
        changes += self._converge_tables(spec.database, wanted, state, dry_run=dry_run)
        changes += self._converge_workgroup(spec.workgroup_document(), dry_run=dry_run)
        document = to_terraform_json(spec.output_values())
        current = read_raw_outputs(self.outputs_path)
        if current != document:
            action: Action = "create" if current is None else "update"
            changes.append(Change(action, "outputs", str(self.outputs_path)))
            if not dry_run:
                write_outputs(self.outputs_path, document)
        if not dry_run:
            LocalState(
                spec.bucket, spec.database, [t["Name"] for t in wanted], spec.workgroup
            ).save(self.layout.state_path)
        return changes

    def _converge_tables(
        self, database: str, wanted: list[dict[str, Any]], state: LocalState, *, dry_run: bool
    ) -> list[Change]:
        changes = []
        existing = {t["Name"]: t for t in self.catalog.table_inputs(database)}
        for table_input in wanted:
            name = table_input["Name"]
            current = existing.get(name)
            table_input = _keep_ingest_location(table_input, current, self.layout.buckets_root)
            if current == table_input:
                continue
            changes.append(Change("create" if current is None else "update", "table", name))
            if not dry_run:
                self.catalog.put_table(database, table_input)
        wanted_names = {t["Name"] for t in wanted}
        for name in state.tables:
            if name not in wanted_names and name in existing:
                changes.append(Change("delete", "table", name))
                if not dry_run:
                    self.catalog.delete_table(database, name)
        return changes

    def _converge_workgroup(self, document: dict[str, Any], *, dry_run: bool) -> list[Change]:
        path = self.layout.workgroups_root / f"{document['Name']}.json"
        current = read_raw_outputs(path)  # any JSON file; None when missing or damaged
        if current == document:
            return []
        if not dry_run:
            atomic_write_json(path, document)
        return [Change("create" if current is None else "update", "workgroup", document["Name"])]

    def destroy_preview(self) -> tuple[list[Change], int]:
        """What destroy would remove, and how many data files that includes."""
        state = LocalState.load(self.layout.state_path)
        changes = [Change("delete", "table", name) for name in state.tables]
        changes += [Change("delete", "workgroup", state.workgroup)] if state.workgroup else []
        changes += [Change("delete", "database", state.database)] if state.database else []
        data_files = 0
        if state.bucket:
            bucket_dir = self.layout.buckets_root / state.bucket
            data_files = sum(1 for p in bucket_dir.rglob("*") if p.is_file()) - 1
            changes.append(Change("delete", "bucket", state.bucket))
        return changes, max(data_files, 0)

    def remove(self) -> None:
        """Remove what apply created (and the data in its bucket); the caller confirmed."""
        state = LocalState.load(self.layout.state_path)
        if state.database:
            for table in self.catalog.tables(state.database):
                if table.name in state.tables or table.layer:
                    self.catalog.delete_table(state.database, table.name)
            if not self.catalog.table_inputs(state.database):
                self.catalog.delete_database(state.database)
        if state.workgroup:
            (self.layout.workgroups_root / f"{state.workgroup}.json").unlink(missing_ok=True)
        if state.bucket:
            bucket_dir = self.layout.buckets_root / state.bucket
            if (bucket_dir / _BUCKET_MARKER).exists():
                shutil.rmtree(bucket_dir)
        self.outputs_path.unlink(missing_ok=True)
        self.layout.state_path.unlink(missing_ok=True)


def _keep_ingest_location(
    wanted: dict[str, Any], current: dict[str, Any] | None, buckets_root: Path
) -> dict[str, Any]:
    """An unpartitioned table that ingest pointed at a version under its root keeps that
    location (Terraform ignores it the same way: `ignore_changes` in modules/catalog). A
    table whose document was lost or damaged finds its version again: ingest leaves exactly
    one under the root."""
    if wanted.get("PartitionKeys") or wanted.get("Parameters", {}).get("layer") != "curated":
        return wanted
    root = wanted["StorageDescriptor"]["Location"]
    descriptor = (current or {}).get("StorageDescriptor")
    location = descriptor.get("Location", "") if isinstance(descriptor, dict) else ""
    if not isinstance(location, str) or location == root or not location.startswith(root):
        location = _only_version(root, buckets_root) or root
    if location == root:
        return wanted
    return {**wanted, "StorageDescriptor": {**wanted["StorageDescriptor"], "Location": location}}


def _only_version(root: str, buckets_root: Path) -> str | None:
    """`s3://bucket/curated/players/v=<id>/` when the root holds exactly one version."""
    bucket, _, prefix = root.removeprefix("s3://").partition("/")
    folder = buckets_root / bucket / prefix
    versions = sorted(folder.glob("v=*/")) if folder.is_dir() else []
    if len(versions) != 1:
        return None
    return f"{root}{versions[0].name}/"


def _report(changes: list[Change], say: Say, *, planned: bool) -> None:
    for change in changes:
        say(change.describe())
    say(summary(changes, planned=planned))
