"""A local AWS emulator (moto server over real HTTP on 127.0.0.1) and helpers to point
Terraform and boto3 at it.

Nothing here ever talks to real AWS: credentials are fake, every AWS_* variable of the
calling environment is dropped, and both Terraform (override file) and boto3 (explicit
``endpoint_url``) are pointed at the loopback endpoint.

Why a ``moto.server`` *subprocess* rather than ``moto.server.ThreadedMotoServer``: moto keeps
its state in process-global backends, the same ones ``moto.mock_aws`` uses. An in-process
server would share (and have reset under it) that state with any unit test that uses
``mock_aws``, and its request handling would compete for the GIL with the test process. A
separate process has its own state, is reset only through its HTTP API, and behaves like the
remote service the code under test expects. The cost is about a second of start-up, once per
test session.

Two deliberate deviations from stock moto (see ``_patch_moto``). First, moto 5 enforces a bucket
policy's ``Principal: "*"`` statements on object requests but cannot evaluate conditions, and
it treats a statement whose condition it cannot check as matching. The lake bucket's policy
is exactly such a statement (Deny s3:* when aws:SecureTransport is false), so stock moto
refuses every PutObject/GetObject/DeleteObject on the bucket, including the provider's
force_destroy. Real clients talk HTTPS, where that statement never applies; the child process
therefore evaluates bucket policies without their conditional statements. Second, a bug: moto
5.2 answers HTTP 500 when the last version of a key is deleted while a delete marker is left
behind it (`FakeDeleteMarker` has no `dispose`), so the provider's force_destroy of a versioned
bucket that ever had an object deleted retries for many minutes; S3 itself deletes it. The
child process gives delete markers a `dispose` that does nothing (they hold no data).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
TERRAFORM_DIR = REPO_ROOT / "terraform"

DEFAULT_REGION = "us-east-1"
FAKE_ACCESS_KEY_ID = "testing"
FAKE_SECRET_ACCESS_KEY = "testing"
#: moto's default account id (what sts:GetCallerIdentity answers).
MOTO_ACCOUNT_ID = "123456789012"

#: Services the root module uses; each gets an explicit endpoint in the override file.
TERRAFORM_SERVICES = (
    "s3",
    "glue",
    "athena",
    "sts",
    "iam",
    # the scheduled ingestion (enable_schedule)
    "lambda",
    "scheduler",
    "secretsmanager",
    "sqs",
    "cloudwatchlogs",
    "cloudwatch",
)

OVERRIDE_FILENAME = "emulator_override.tf"

# Left out when copying terraform/: what a developer's own `terraform` runs leave there (state,
# provider installs, lock file, plans) and the git-ignored local files that would change the
# configuration under test (terraform.tfvars, *_override.tf).
_COPY_IGNORE = shutil.ignore_patterns(
    ".terraform",
    "terraform.tfvars",
    "terraform.tfvars.json",
    "override.tf",
    "override.tf.json",
    "*_override.tf",
    "*_override.tf.json",
    ".terraform.lock.hcl",
    "*.tfstate",
    "*.tfstate.*",
    ".terraform.tfstate.lock.info",
    "*.tfplan",
    "crash.log",
)


# Talk to the loopback emulator directly, whatever HTTP(S)_PROXY says.
_LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MotoServer:
    """A moto server in a child process, listening on 127.0.0.1 on a free port.

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(
        self,
        port: int | None = None,
        *,
        region: str = DEFAULT_REGION,
        startup_timeout: float = 30.0,
    ):
        self.host = "127.0.0.1"
        self.port = port
        self.region = region
        self.startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._log_path: Path | None = None
        self._log_file: Any = None

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        if self.port is None:
            raise RuntimeError("the moto server has not been started")
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> MotoServer:
        if self.running:
            return self
        requested = self.port
        attempts = 1 if requested is not None else 3
        last_error: Exception | None = None
        for _ in range(attempts):
            try:
                self._spawn(requested if requested is not None else _free_port())
                return self
            except RuntimeError as exc:  # e.g. the free port was taken in between
                last_error = exc
                self.stop()
        self.port = requested
        raise RuntimeError(f"could not start a moto server: {last_error}")

    def _spawn(self, port: int) -> None:
        self.port = port
        fd, log_name = tempfile.mkstemp(prefix="moto-server-", suffix=".log")
        os.close(fd)
        self._log_path = Path(log_name)
        self._log_file = self._log_path.open("wb")
        self._process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "-H", self.host, "-p", str(port)],
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=emulator_env(None, self.region, base=os.environ),
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"moto server exited with code {self._process.returncode}:\n{self.log_tail()}"
                )
            try:
                with _LOOPBACK.open(f"{self.endpoint}/moto-api/data.json", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.1)
        raise RuntimeError(
            f"moto server did not answer on {self.endpoint} within {self.startup_timeout}s:\n"
            f"{self.log_tail()}"
        )

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        if self._log_path is not None:
            self._log_path.unlink(missing_ok=True)
            self._log_path = None

    def __enter__(self) -> MotoServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- helpers -------------------------------------------------------------------------

    def reset(self) -> None:
        """Drop every resource in every emulated service (POST /moto-api/reset)."""
        request = urllib.request.Request(f"{self.endpoint}/moto-api/reset", data=b"", method="POST")
        with _LOOPBACK.open(request, timeout=10) as response:
            if response.status != 200:
                raise RuntimeError(f"moto reset answered HTTP {response.status}")

    def client(self, service: str, region: str | None = None) -> Any:
        return boto3_client(service, self.endpoint, region or self.region)

    def log_tail(self, lines: int = 40) -> str:
        if self._log_path is None or not self._log_path.exists():
            return ""
        text = self._log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


@contextlib.contextmanager
def moto_server(region: str = DEFAULT_REGION) -> Iterator[MotoServer]:
    with MotoServer(region=region) as server:
        yield server


# -- environments ------------------------------------------------------------------------


def emulator_env(
    endpoint: str | None, region: str = DEFAULT_REGION, *, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """A copy of ``base`` (default: os.environ) fit to talk to the emulator only.

    Every AWS_* variable is dropped (profiles, session tokens, role/web-identity settings,
    real keys), the shared config and credentials files are pointed at the null device, the
    instance metadata service is disabled, and fake keys plus the region are set. With an
    endpoint, AWS_ENDPOINT_URL is set too, so an SDK call that forgot its endpoint still
    lands on the emulator instead of AWS.
    """
    env = {
        key: value
        for key, value in (os.environ if base is None else base).items()
        if not key.startswith("AWS_")
    }
    env.update(
        {
            "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_ACCESS_KEY,
            "AWS_DEFAULT_REGION": region,
            "AWS_REGION": region,
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
        }
    )
    if endpoint is not None:
        env["AWS_ENDPOINT_URL"] = endpoint
    # Never send loopback traffic through a proxy (boto3, requests and the provider honour these).
    for key in ("NO_PROXY", "no_proxy"):
        hosts = [host for host in env.get(key, "").split(",") if host]
        env[key] = ",".join([*hosts, *(h for h in ("127.0.0.1", "localhost") if h not in hosts)])
    return env


def terraform_env(endpoint: str, region: str = DEFAULT_REGION) -> dict[str, str]:
    """Environment for ``terraform`` subprocesses run against the emulator."""
    env = emulator_env(endpoint, region)
    env.update(
        {
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "CHECKPOINT_DISABLE": "1",  # no version check against checkpoint-api.hashicorp.com
        }
    )
    # A TF_CLI_CONFIG_FILE naming a missing file only produces a warning on every command.
    cli_config = env.get("TF_CLI_CONFIG_FILE")
    if cli_config and not Path(cli_config).is_file():
        env["TF_CLI_CONFIG_FILE"] = os.devnull
    for key in ("TF_WORKSPACE", "TF_DATA_DIR", "TF_LOG", "TF_LOG_PATH", "TF_CLI_ARGS"):
        env.pop(key, None)
    for key in [k for k in env if k.startswith("TF_CLI_ARGS_") or k.startswith("TF_VAR_")]:
        env.pop(key)
    return env


def boto3_client(service: str, endpoint: str, region: str = DEFAULT_REGION) -> Any:
    """A boto3 client for ``service`` bound to the emulator, with fake credentials."""
    import boto3
    from botocore.config import Config

    session: Any = boto3.session.Session(  # Any: the service name is not a literal here
        aws_access_key_id=FAKE_ACCESS_KEY_ID,
        aws_secret_access_key=FAKE_SECRET_ACCESS_KEY,
        region_name=region,
    )
    return session.client(
        service,
        endpoint_url=endpoint,
        config=Config(
            s3={"addressing_style": "path"}, retries={"max_attempts": 3, "mode": "standard"}
        ),
    )


# -- terraform -----------------------------------------------------------------------------


def render_override(endpoint: str) -> str:
    """The provider override that points the AWS provider at ``endpoint``.

    Terraform merges a ``*_override.tf`` provider block into the original argument by
    argument, so ``region`` and ``default_tags`` from terraform/main.tf stay in force.
    """
    width = max(len(service) for service in TERRAFORM_SERVICES)
    endpoints = "\n".join(
        f'    {service.ljust(width)} = "{endpoint}"' for service in TERRAFORM_SERVICES
    )
    return f"""# Written by tests/support/emulator.py: points the AWS provider at a local emulator.
# Never copy this into terraform/.
provider "aws" {{
  access_key                  = "{FAKE_ACCESS_KEY_ID}"
  secret_key                  = "{FAKE_SECRET_ACCESS_KEY}"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  s3_use_path_style           = true

  endpoints {{
{endpoints}
  }}
}}
"""


def prepare_terraform_workdir(dest: Path, endpoint: str, source: Path = TERRAFORM_DIR) -> Path:
    """Copy the root module (without state, lock file or .terraform) to ``dest`` and add the
    emulator override. Returns the directory to run terraform in."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    shutil.copytree(source, dest, ignore=_COPY_IGNORE, dirs_exist_ok=True)
    (dest / OVERRIDE_FILENAME).write_text(render_override(endpoint))
    return dest


def terraform_binary() -> str:
    """The terraform executable: $TERRAFORM, else the one on PATH."""
    candidate = os.environ.get("TERRAFORM") or shutil.which("terraform")
    if not candidate:
        raise FileNotFoundError("terraform is not installed (not on PATH and $TERRAFORM is unset)")
    return candidate


def terraform_init_args() -> list[str]:
    """Arguments for ``terraform init``: -plugin-dir only when TF_PLUGIN_DIR is set."""
    args = ["init", "-input=false", "-no-color"]
    plugin_dir = os.environ.get("TF_PLUGIN_DIR")
    if plugin_dir:
        args.append(f"-plugin-dir={plugin_dir}")
    return args


# -- the child process ------------------------------------------------------------------------


def _patch_moto() -> None:
    """Make moto ignore bucket-policy statements that carry a Condition, and delete keys
    whose versions include a delete marker (see the module docstring)."""
    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3.models import FakeBucket, FakeDeleteMarker

    if not hasattr(FakeDeleteMarker, "dispose"):
        FakeDeleteMarker.dispose = lambda self, garbage=False: None  # type: ignore[attr-defined]

    if not hasattr(FakeBucket, "get_permission"):  # pragma: no cover - moto changed; stay stock
        print(
            "emulator: moto has no FakeBucket.get_permission; bucket policies are stock",
            file=sys.stderr,
        )
        return

    def get_permission(self: Any, action: str, resource: str) -> Any:
        if self.policy is None:
            return PermissionResult.NEUTRAL
        document = json.loads(self.policy)
        statements = document.get("Statement", [])
        if isinstance(statements, dict):
            statements = [statements]
        unconditional = [statement for statement in statements if not statement.get("Condition")]
        if not unconditional:
            return PermissionResult.NEUTRAL
        return IAMPolicy(json.dumps({**document, "Statement": unconditional})).is_action_permitted(
            action, resource
        )

    FakeBucket.get_permission = get_permission  # type: ignore[method-assign]


def _serve(argv: list[str]) -> None:
    """Entry point of the child process: ``python emulator.py -H 127.0.0.1 -p PORT``."""
    _patch_moto()
    from moto.server import main

    main(argv)


if __name__ == "__main__":
    _serve(sys.argv[1:])
