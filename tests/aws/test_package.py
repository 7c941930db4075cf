"""`make package`: the function's artifact holds what ingestion needs and nothing else, is
the same bytes for the same inputs, refuses to grow past Lambda's limit, and runs from
itself alone (with only the boto3 the Lambda runtime brings)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import boto3
import botocore
import dateutil
import jmespath
import pytest
import s3transfer

from tests.aws.conftest import Artifact, build_artifact

pytestmark = pytest.mark.slow

LIMIT = 250 * 1024 * 1024
NEEDED = ("ingest", "pyarrow", "requests", "orjson", "urllib3", "certifi", "idna")
NOT_SHIPPED = ("boto3", "botocore", "s3transfer", "duckdb", "sqlglot", "rich", "textual")
NOT_SHIPPED += ("tui", "hcl2", "lark", "plotext", "numpy")


def test_the_artifact_holds_ingestion_and_nothing_else(lambda_artifact: Artifact) -> None:
    with zipfile.ZipFile(lambda_artifact.path) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    tops = {name.split("/")[0] for name in names}
    assert set(NEEDED) <= tops, sorted(tops)
    assert not tops & set(NOT_SHIPPED), sorted(tops & set(NOT_SHIPPED))
    assert "ingest/serverless/handler.py" in names and "ingest/pipeline/run.py" in names
    assert not [n for n in names if n.endswith(".pyc") or "__pycache__" in n]
    assert not [n for n in names if n.startswith(("pyarrow/include/", "pyarrow/tests/", "bin/"))]
    record = lambda_artifact.record
    assert record["python_version"] == "3.12"
    assert record["zipped_bytes"] == lambda_artifact.path.stat().st_size
    assert record["unzipped_bytes"] == sum(info.file_size for info in infos) <= LIMIT
    assert any(r.startswith("pyarrow==") for r in record["requirements"])


def test_the_artifact_is_reproducible(lambda_artifact: Artifact, tmp_path: Path) -> None:
    """Sorted entries, one timestamp, fixed permissions: a rebuild is the same bytes, so
    Terraform changes nothing; and a build from unchanged inputs is skipped."""
    with zipfile.ZipFile(lambda_artifact.path) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    again = tmp_path / "again.zip"
    built = build_artifact(again)
    assert built.returncode == 0, built.stderr
    assert again.read_bytes() == lambda_artifact.path.read_bytes()
    before = again.stat().st_mtime_ns
    skipped = build_artifact(again, "--if-stale")
    assert skipped.returncode == 0 and "(up to date)" in skipped.stdout, skipped.stdout
    assert again.stat().st_mtime_ns == before


def test_the_build_prints_its_sizes_and_refuses_to_pass_lambdas_limit(tmp_path: Path) -> None:
    output = tmp_path / "too-big.zip"
    refused = build_artifact(output, "--limit-bytes", str(10 * 1024 * 1024))
    assert refused.returncode == 1
    [line] = refused.stderr.strip().splitlines()
    assert line.startswith("package: error: the function's artifact is ")
    assert "over Lambda's limit of 10.0 MiB" in line and "pyarrow" in line
    assert not output.exists()


@pytest.fixture(scope="module")
def runnable_artifact(lambda_artifact: Artifact, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The artifact unpacked, built for this interpreter: the same packager with this
    Python's version (the wheels of Lambda's 3.12 load only in a 3.12)."""
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    zipped = lambda_artifact.path
    if here != lambda_artifact.record["python_version"]:
        zipped = tmp_path_factory.mktemp("local-artifact") / "nba-lake-ingest.zip"
        built = build_artifact(zipped, "--python-version", here)
        assert built.returncode == 0, built.stderr
    task = tmp_path_factory.mktemp("var-task")
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(task)
    return task


def _runtime(tmp: Path) -> Path:
    """What the Lambda runtime adds to the path: boto3 and its dependencies."""
    runtime = tmp / "var-runtime"
    runtime.mkdir()
    for module in (boto3, botocore, s3transfer, jmespath, dateutil):
        source = Path(module.__file__ or "").parent
        (runtime / source.name).symlink_to(source)
    import six  # type: ignore[import-untyped]  # dateutil needs it

    (runtime / "six.py").symlink_to(six.__file__)
    return runtime


def test_the_handler_runs_from_the_artifact_alone(runnable_artifact: Path, tmp_path: Path) -> None:
    """No site-packages: only the artifact, the runtime's boto3 and the standard library.
    The pruned pyarrow (no Flight) imports and writes Parquet; every module loaded comes
    from those three places."""
    runtime = _runtime(tmp_path)
    code = f"""
import json, sys, sysconfig
sys.path[:0] = [{str(runnable_artifact)!r}, {str(runtime)!r}]
import ingest.serverless.handler
import pyarrow as pa, pyarrow.parquet as pq
pq.write_table(pa.table({{"a": [1, 2]}}), {str(tmp_path / "t.parquet")!r}, compression="zstd")
assert pq.read_table({str(tmp_path / "t.parquet")!r}).num_rows == 2
stdlib = (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"])
files = {{name: getattr(m, "__file__", None) for name, m in list(sys.modules.items())}}
in_stdlib = lambda f: f.startswith(stdlib) and "site-packages" not in f
print(json.dumps({{n: f for n, f in files.items() if f and not in_stdlib(f)}}))
"""
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    loaded: dict[str, str] = json.loads(done.stdout)
    places = (str(runnable_artifact), str(runtime))
    strays = {name: path for name, path in loaded.items() if not path.startswith(places)}
    assert not strays, strays
    assert any(name == "ingest.serverless.handler" for name in loaded)
