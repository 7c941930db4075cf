"""The naming rules of S3, Glue and Athena, checked before a name becomes a path or a query.

Every name the lake uses arrives from outside: outputs.json (which anyone can edit), the
Terraform variables, `--table`. Each is checked here against the rules of the service
that will hold it, which also keeps it from climbing out of LAKE_HOME as a local path
(no rule admits `/` in a name or `..` as a key segment).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Final

#: Glue and Athena: lower-case letters, digits and underscores (Terraform's validation too).
TABLE_NAME: Final = re.compile(r"[a-z][a-z0-9_]{0,254}")
DATABASE_NAME: Final = TABLE_NAME
#: A table the `file` source registers: short enough that `<name>_raw` and the local
#: catalog's files (`.<name>_raw.json.<random>.tmp`) fit any file system's 255-byte names.
MAX_FILE_TABLE_NAME: Final = 128
#: Athena workgroups: 1-128 letters, digits, `.`, `_` and `-`.
WORKGROUP_NAME: Final = re.compile(r"[A-Za-z0-9._-]{1,128}")
REGION_NAME: Final = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]+")
#: Key prefixes: segments of S3's "safe" characters, as terraform/variables.tf requires.
_KEY_SEGMENT: Final = re.compile(r"[A-Za-z0-9_=.-]+")
_MAX_PREFIX: Final = 512
_BUCKET: Final = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_BUCKET_PREFIXES: Final = ("xn--", "sthree-", "amzn-s3-demo-")
_BUCKET_SUFFIXES: Final = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")


def bucket_problem(name: str) -> str | None:
    """Why `name` is not a valid S3 bucket name (S3's general-purpose rules), or None."""
    if not _BUCKET.fullmatch(name):
        return "3-63 lower-case letters, digits, dots and hyphens, a letter or digit at each end"
    if ".." in name or ".-" in name or "-." in name:
        return "no two dots, and no dot next to a hyphen"
    if name.startswith(_BUCKET_PREFIXES) or name.endswith(_BUCKET_SUFFIXES):
        return "a prefix or suffix that S3 reserves"
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        return None
    return "not shaped like an IP address"


def prefix_problem(prefix: str) -> str | None:
    """Why `prefix` is not a usable key prefix (`raw`, `data/raw`), or None."""
    segments = prefix.split("/")
    if not prefix or len(prefix) > _MAX_PREFIX:
        return f"1-{_MAX_PREFIX} characters"
    if any(not _KEY_SEGMENT.fullmatch(s) or s in (".", "..") for s in segments):
        return "segments of letters, digits and _=.- between single slashes, none of them . or .."
    return None


def s3_location_problem(location: str) -> str | None:
    """Why `location` is not `s3://bucket/prefix/`, or None."""
    if not location.startswith("s3://"):
        return "an s3://bucket/prefix/ location"
    bucket, _, key = location.removeprefix("s3://").partition("/")
    problem = bucket_problem(bucket)
    if problem is not None:
        return f"its bucket needs {problem}"
    key = key.removesuffix("/")
    return None if not key else prefix_problem(key)


def workgroup_problem(name: str) -> str | None:
    """Why `name` is not an Athena workgroup name, or None."""
    return None if WORKGROUP_NAME.fullmatch(name) else "1-128 letters, digits and ._-"


def region_problem(name: str) -> str | None:
    """Why `name` is not an AWS region code, or None."""
    return None if REGION_NAME.fullmatch(name) else "an AWS region code like us-east-1"


def table_problem(name: str) -> str | None:
    """Why `name` is not a Glue/Athena table (or database) name, or None."""
    if TABLE_NAME.fullmatch(name):
        return None
    return "1-255 lower-case letters, digits and underscores, starting with a letter"
