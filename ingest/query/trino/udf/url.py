"""Python functions for url.html: URLs parsed as java.net.URI parses them (Trino's parser),
so an invalid URL gives NULL, an absent part an empty string."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from ingest.query.trino.udf import invalid, udf

# RFC 2396 (java.net.URI): legal characters, '%' escapes, any non-ASCII non-space letter.
_LEGAL = re.compile(r"(?:[A-Za-z0-9\-_.!~*'();/?:@&=+$,\[\]#]|%[0-9A-Fa-f]{2}|[^\x00-\x7f\s])*")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_SERVER = re.compile(r"^(?:([^@]*)@)?(\[[^\]]*\]|[A-Za-z0-9\-.]*)(?::(\d*))?$")


@dataclass
class Uri:
    scheme: str | None = None
    host: str | None = None
    port: int = -1
    path: str | None = None
    query: str | None = None
    raw_query: str | None = None
    fragment: str | None = None


def _decode(text: str | None) -> str | None:
    return None if text is None else unquote_to_bytes(text).decode("utf-8", errors="replace")


def parse(url: str) -> Uri | None:
    """java.net.URI's view of `url`, or None where URI would throw."""
    if not _LEGAL.fullmatch(url) or url.count("#") > 1:
        return None
    uri = Uri()
    rest = url
    fragment_at = rest.find("#")
    if fragment_at >= 0:
        uri.fragment = _decode(rest[fragment_at + 1 :])
        rest = rest[:fragment_at]
    scheme = _SCHEME.match(rest)
    if scheme:
        uri.scheme = scheme.group(1)
        rest = rest[scheme.end() :]
        if not rest.startswith("/"):
            return uri if rest else None  # opaque: no host, path or query
    elif not rest and fragment_at < 0:
        return None
    query_at = rest.find("?")
    if query_at >= 0:
        uri.raw_query = rest[query_at + 1 :]
        uri.query = _decode(uri.raw_query)
        rest = rest[:query_at]
    if rest.startswith("//"):
        end = rest.find("/", 2)
        authority, rest = (rest[2:], "") if end < 0 else (rest[2:end], rest[end:])
        server = _SERVER.match(authority)
        if server and server.group(2):
            uri.host = server.group(2)
            if server.group(3):
                uri.port = int(server.group(3))
    uri.path = _decode(rest)
    return uri


@udf("athena_url_part", ["VARCHAR", "VARCHAR"], "VARCHAR", may_return_null=True)
def url_part(url: str, part: str) -> str | None:
    uri = parse(url)
    if uri is None:
        return None
    value = {
        "protocol": uri.scheme,
        "host": uri.host,
        "path": uri.path,
        "query": uri.query,
        "fragment": uri.fragment,
    }[part]
    return value or ""


@udf("athena_url_port", ["VARCHAR"], "BIGINT", may_return_null=True)
def url_port(url: str) -> int | None:
    uri = parse(url)
    return None if uri is None or uri.port < 0 else uri.port


@udf("athena_url_parameter", ["VARCHAR", "VARCHAR"], "VARCHAR", may_return_null=True)
def url_parameter(url: str, name: str) -> str | None:
    uri = parse(url)
    if uri is None or uri.raw_query is None:
        return None
    for pair in uri.raw_query.split("&"):
        key, equals, value = pair.partition("=")
        if key == name:
            return value if equals else ""
    return None


_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_")


@udf("athena_url_encode", ["VARCHAR"], "VARCHAR")
def url_encode(text: str) -> str:
    """Java's URLEncoder (UTF-8): letters, digits and .-*_ stay, space is '+'."""
    out = []
    for byte in text.encode("utf-8"):
        if byte in _SAFE:
            out.append(chr(byte))
        elif byte == 0x20:
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


@udf("athena_url_decode", ["VARCHAR"], "VARCHAR")
def url_decode(text: str) -> str:
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        raise invalid(f"Illegal hex characters in escape (%) pattern: {text}")
    return unquote_to_bytes(text.replace("+", " ")).decode("utf-8", errors="replace")
