"""Build the scheduled ingest function's zip: `make package` (and `make apply` when needed).

What goes in: the `ingest` package (Python sources only) and the distributions ingestion
imports, pinned to the versions of this venv (the ones the tests ran), as wheels for
Lambda's platform and Python (manylinux x86_64, CPython 3.12). Not boto3 and its
dependencies: the Lambda runtime has them. Not DuckDB, sqlglot, rich, Textual or
python-hcl2: the handler never imports them (a test checks), and the function reads the
dataset declarations through the Glue tables Terraform built from them.

The zip is reproducible: entries sorted, one fixed timestamp, fixed permissions, no
bytecode, so the same inputs give the same bytes and Terraform changes nothing. Lambda
takes at most 250 MB unzipped; a bigger artifact is refused here, with what fills it.

    python scripts/package_lambda.py                     # build dist/nba-lake-ingest.zip
    python scripts/package_lambda.py --if-stale          # only when an input changed
    python scripts/package_lambda.py --if-scheduled      # what `make apply` runs
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import importlib.metadata as metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "dist" / "nba-lake-ingest.zip"

#: What the handler imports beyond the standard library and the runtime's boto3.
ROOTS = ("pyarrow", "requests", "orjson")
#: In the Lambda Python runtime already (boto3 and what it needs), so never packaged.
RUNTIME_PROVIDED = frozenset(
    canonicalize_name(name)
    for name in ("boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six")
)
#: Lambda's platform: the wheels pip may choose, and the interpreter markers are read for.
PLATFORMS = ("manylinux_2_28_x86_64", "manylinux2014_x86_64")
PYTHON_VERSION = "3.12"
#: Lambda's limit on a function's code, unzipped (262,144,000 bytes).
LIMIT_BYTES = 250 * 1024 * 1024
#: Files nothing imports at run time: C headers and sources, Cython declarations, test
#: suites, console scripts, and pyarrow's Flight RPC (its libraries are needed only by
#: `pyarrow.flight`; a test imports the pruned pyarrow and runs the pipeline on it).
NOT_SHIPPED = (
    "*.pyx", "*.pxd", "*.pxi", "*.h", "*.hpp", "*.cc", "*.cpp", "*.pyc", "*/__pycache__/*",
    "bin/*", "pyarrow/include/*", "pyarrow/src/*", "pyarrow/tests/*", "pyarrow/*flight*",
    "pyarrow/_pyarrow_cpp_tests*",
)  # fmt: skip
#: One timestamp for every entry (the earliest a zip can hold).
_EPOCH = (1980, 1, 1, 0, 0, 0)


class PackageError(Exception):
    """A build that cannot go on: printed as one line, exit status 1."""


@dataclass(frozen=True)
class Pin:
    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name}=={self.version}"


def _environment(python_version: str) -> dict[str, str]:
    """Marker values of Lambda's interpreter."""
    return {
        "python_version": python_version,
        "python_full_version": f"{python_version}.0",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "platform_machine": "x86_64",
        "os_name": "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "extra": "",
    }


def pins(roots: Iterable[str] = ROOTS, python_version: str = PYTHON_VERSION) -> list[Pin]:
    """`roots` and everything they require on Lambda, at the versions installed here."""
    environment = _environment(python_version)
    found: dict[str, Pin] = {}
    pending = [Requirement(name) for name in roots]
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in found or name in RUNTIME_PROVIDED:
            continue
        marker = requirement.marker
        if marker is not None and not Marker(str(marker)).evaluate(environment):
            continue
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            raise PackageError(
                f"{name} is not installed in this venv: run `make .venv/.installed-stamp`"
            ) from None
        found[name] = Pin(name, version)
        pending += [Requirement(text) for text in metadata.requires(name) or []]
    return sorted(found.values(), key=lambda pin: pin.name)


def source_files(root: Path = ROOT) -> list[Path]:
    """The `ingest` package's files the function needs (sources and the typing marker)."""
    package = root / "ingest"
    return sorted(
        path
        for path in package.rglob("*")
        if path.is_file() and path.suffix in (".py", ".typed") and "__pycache__" not in path.parts
    )


def fingerprint(requirements: list[Pin], python_version: str, root: Path = ROOT) -> str:
    """What the artifact is built from: a different value means it must be built again."""
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    digest.update(
        json.dumps([str(p) for p in requirements] + [python_version, *PLATFORMS]).encode()
    )
    for path in source_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _pip_install(requirements: list[Pin], target: Path, python_version: str) -> None:
    command = [
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "--no-compile", "--no-deps", "--only-binary=:all:", "--implementation", "cp",
        "--python-version", python_version, "--target", str(target),
        *(arg for platform in PLATFORMS for arg in ("--platform", platform)),
        *(str(pin) for pin in requirements),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["pip failed"])[-1]
        raise PackageError(f"pip could not fetch the function's wheels: {last}")


def shipped(name: str) -> bool:
    """Whether the file `name` (its path in the zip) goes into the artifact."""
    return not any(fnmatch.fnmatchcase(name, pattern) for pattern in NOT_SHIPPED)


def entries(site: Path, root: Path = ROOT) -> Iterator[tuple[str, Path]]:
    """(name in the zip, file) for everything the function needs, in name order."""
    found = {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}
    found.update({path.relative_to(root).as_posix(): path for path in source_files(root)})
    for name in sorted(found):
        if shipped(name):
            yield name, found[name]


def write_zip(files: Iterable[tuple[str, Path]], output: Path) -> int:
    """A reproducible zip of `files`; returns the unzipped size in bytes."""
    unzipped = 0
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, path in files:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.create_system = 3  # Unix, so that the permissions below are read
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = path.read_bytes()
            unzipped += len(data)
            archive.writestr(info, data, compresslevel=6)
    return unzipped


def largest(site: Path, count: int = 5) -> str:
    sizes = {
        child.name: sum(f.stat().st_size for f in child.rglob("*") if f.is_file())
        for child in site.iterdir()
        if child.is_dir() and not child.name.endswith(".dist-info")
    }
    top = sorted(sizes.items(), key=lambda item: -item[1])[:count]
    return ", ".join(f"{name} {mb(size)}" for name, size in top)


def mb(size: int) -> str:
    """Bytes in MiB, the unit of Lambda's limits (its "250 MB" is 250 MiB)."""
    return f"{size / 2**20:.1f} MiB"


def build(output: Path, python_version: str, limit: int, quiet: bool = False) -> dict[str, object]:
    """Build the artifact at `output` (replaced atomically) and its build record beside it."""
    requirements = pins(python_version=python_version)
    inputs = fingerprint(requirements, python_version)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nba-lake-package-") as scratch:
        site = Path(scratch) / "site"
        _pip_install(requirements, site, python_version)
        partial = Path(scratch) / output.name
        unzipped = write_zip(entries(site), partial)
        if unzipped > limit:
            raise PackageError(
                f"the function's artifact is {mb(unzipped)} unzipped, over Lambda's limit of "
                f"{mb(limit)}; the largest parts: {largest(site)}. Drop a dependency from "
                "ROOTS in scripts/package_lambda.py or move it to a Lambda layer"
            )
        shutil.move(str(partial), output)
    record: dict[str, object] = {
        "artifact": output.name,
        "inputs_sha256": inputs,
        "sha256": hashlib.sha256(output.read_bytes()).hexdigest(),
        "zipped_bytes": output.stat().st_size,
        "unzipped_bytes": unzipped,
        "python_version": python_version,
        "platforms": list(PLATFORMS),
        "requirements": [str(pin) for pin in requirements],
    }
    record_path(output).write_text(json.dumps(record, indent=1) + "\n")
    if not quiet:
        print(summary(output, record))
    return record


def record_path(output: Path) -> Path:
    return output.with_suffix(".json")


def summary(output: Path, record: dict[str, object]) -> str:
    zipped, unzipped = int(str(record["zipped_bytes"])), int(str(record["unzipped_bytes"]))
    names = ", ".join(str(r) for r in record["requirements"])  # type: ignore[attr-defined]
    return (
        f"{output}: {mb(zipped)} zipped, {mb(unzipped)} unzipped "
        f"(Lambda's limit: {mb(LIMIT_BYTES)} unzipped); Python {record['python_version']}, "
        f"{names}"
    )


def up_to_date(output: Path, python_version: str) -> dict[str, object] | None:
    """The build record when `output` was built from exactly today's inputs."""
    try:
        record: dict[str, object] = json.loads(record_path(output).read_text())
    except (OSError, ValueError):
        return None
    if not output.is_file() or record.get("sha256") != _sha256(output):
        return None
    if record.get("inputs_sha256") != fingerprint(
        pins(python_version=python_version), python_version
    ):
        return None
    return record


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def scheduled_artifact(terraform_dir: Path) -> Path | None:
    """Where Terraform reads the artifact, when the lake's variables turn the schedule on."""
    sys.path.insert(0, str(ROOT))
    from ingest.terraform_config import resolve_variables

    values = resolve_variables(terraform_dir)
    if values.get("enable_schedule") is not True:
        return None
    path = Path(str(values["schedule_artifact_path"])).expanduser()
    return path if path.is_absolute() else (terraform_dir / path).resolve()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the scheduled ingest function's zip.")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the zip to write")
    parser.add_argument("--if-stale", action="store_true", help="build only if an input changed")
    parser.add_argument(
        "--if-scheduled",
        action="store_true",
        help="build (if stale) only when the lake's Terraform variables set enable_schedule, "
        "where schedule_artifact_path says",
    )
    parser.add_argument("--python-version", default=PYTHON_VERSION, help=argparse.SUPPRESS)
    parser.add_argument("--limit-bytes", type=int, default=LIMIT_BYTES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    output: Path = args.output
    try:
        if args.if_scheduled:
            terraform_dir = Path(os.environ.get("NBA_LAKE_TERRAFORM_DIR") or ROOT / "terraform")
            scheduled = scheduled_artifact(terraform_dir.resolve())
            if scheduled is None:
                return 0
            output = scheduled
        if args.if_stale or args.if_scheduled:
            record = up_to_date(output, args.python_version)
            if record is not None:
                print(f"{summary(output, record)} (up to date)")
                return 0
        build(output, args.python_version, args.limit_bytes)
    except PackageError as err:
        print(f"package: error: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # a LakeError from the Terraform variables, an OSError
        print(f"package: error: {' '.join(str(err).split())}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
