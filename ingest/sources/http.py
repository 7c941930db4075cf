"""The one HTTP client of the project: timeouts, bounded retries with backoff, clear errors.

Every request goes through `build_session()`, so every caller gets the same behaviour:
- connect and read timeouts on every request (no call can hang forever);
- retries with exponential backoff on connection errors, read timeouts, 429 and 5xx,
  honouring `Retry-After`, all within one time limit per request (`total_timeout`): a
  try that could not finish before it is not started, so a slow server costs minutes at
  most, never attempts x read timeout;
- optionally a polite pace: at least `min_interval` seconds between two requests;
- secret headers (API keys) are dropped when a redirect leaves the original host, and
  query strings are redacted from urllib3's log lines;
- failures become one-line `LakeError`s that name the host and path, never the query
  string (it could hold a key) and never a header.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Collection, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import IO, Any, Self
from urllib.parse import urlsplit

import orjson
import requests
from requests.adapters import HTTPAdapter
from urllib3 import BaseHTTPResponse
from urllib3 import exceptions as urllib3_exceptions
from urllib3.connectionpool import ConnectionPool
from urllib3.util.retry import Retry

from ingest import __version__
from ingest.errors import LakeError
from ingest.sources.body_watch import Progress, deadline, stall_guard

log = logging.getLogger(__name__)

USER_AGENT = f"nba-data-lake/{__version__}"
#: statuses worth another try: rate limited, or the server (or a proxy) is in trouble
RETRY_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504})
#: headers that carry secrets; never sent to another host after a redirect
SECRET_HEADERS: frozenset[str] = frozenset({"ocp-apim-subscription-key", "x-api-key"})
DEFAULT_ATTEMPTS = 5
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0
#: the longest one request may take to answer, all its tries and waits included
DEFAULT_TOTAL_TIMEOUT = 120.0
#: a download that brings less than one chunk in this many seconds has stalled
DOWNLOAD_STALL_SECONDS = 60.0
_DOWNLOAD_CHUNK = 64 * 1024

#: (deadline on the monotonic clock, longest single try) of the request being sent
_BUDGET: ContextVar[tuple[float, float] | None] = ContextVar("http_budget", default=None)


class LakeSession(requests.Session):
    """A `requests.Session` that applies default timeouts, keeps a polite pace and guards
    secret headers."""

    def __init__(
        self,
        timeout: tuple[float, float],
        attempts: int,
        total_timeout: float | None = None,
        min_interval: float = 0.0,
    ) -> None:
        super().__init__()
        self.timeout = timeout
        self.attempts = attempts
        self.total_timeout = total_timeout
        self.min_interval = min_interval
        self._last_request = float("-inf")

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        """Send with the session's (connect, read) timeout unless the caller gave one, no
        sooner than `min_interval` seconds after the previous request, and every retry
        within the session's time limit for the whole request."""
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        wait = self._last_request + self.min_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            if self.total_timeout is None:
                return super().request(method, url, *args, **kwargs)
            one_try = sum(self.timeout)
            token = _BUDGET.set((time.monotonic() + self.total_timeout, one_try))
            try:
                return super().request(method, url, *args, **kwargs)
            finally:
                _BUDGET.reset(token)
        finally:
            self._last_request = time.monotonic()

    def rebuild_auth(
        self, prepared_request: requests.PreparedRequest, response: requests.Response
    ) -> None:
        """requests strips only `Authorization` on a cross-host redirect; strip API keys too."""
        super().rebuild_auth(prepared_request, response)  # type: ignore[no-untyped-call]
        old_url, new_url = str(response.request.url), str(prepared_request.url)
        if self.should_strip_auth(old_url, new_url):  # type: ignore[no-untyped-call]
            for header in list(prepared_request.headers):
                if header.lower() in SECRET_HEADERS:
                    del prepared_request.headers[header]


class _CappedRetry(Retry):
    """urllib3's Retry, which also stops when the wait before the next try plus the try
    itself would end past the request's time limit (`LakeSession.total_timeout`)."""

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: Any = None,
    ) -> Self:
        new_retry = super().increment(method, url, response, error, _pool, _stacktrace)
        budget = _BUDGET.get()
        if budget is None:
            return new_retry
        deadline, one_try = budget
        wait = new_retry.get_backoff_time()
        if response is not None and self.respect_retry_after_header:
            wait = new_retry.get_retry_after(response) or wait
        if time.monotonic() + wait + one_try > deadline:
            reason = error or urllib3_exceptions.ResponseError("out of time for another try")
            raise urllib3_exceptions.MaxRetryError(_pool, url or "", reason) from reason  # type: ignore[arg-type]
        return new_retry


class _RedactQueryStrings(logging.Filter):
    """urllib3 logs request URLs with their query strings, which may hold signed-URL tokens."""

    _QUERY = re.compile(r"\?[^\s'\")]*")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg, record.args = self._QUERY.sub("?<redacted>", message), ()
        return True


_URL_LOGGERS = ("urllib3.connectionpool", "urllib3.util.retry", "urllib3.poolmanager")


def _guard_url_logs() -> None:
    for name in _URL_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactQueryStrings) for f in logger.filters):
            logger.addFilter(_RedactQueryStrings())


def build_session(
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    backoff_factor: float = 0.5,
    backoff_max: float = 30.0,
    retry_after_max: int = 120,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    total_timeout: float | None = DEFAULT_TOTAL_TIMEOUT,
    retry_statuses: Collection[int] = RETRY_STATUSES,
    min_interval: float = 0.0,
) -> LakeSession:
    """The session every HTTP call uses; tests pass a small `backoff_factor` to run fast.

    `attempts` counts the first try: 5 means one request and up to four retries, as long
    as they fit in `total_timeout` seconds (None: no limit beyond the attempts).
    `min_interval` spaces requests for servers that throttle (stats.nba.com).
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    _guard_url_logs()
    retries = attempts - 1
    retry = _CappedRetry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        other=0,
        redirect=None,
        allowed_methods=frozenset({"GET", "HEAD"}),
        status_forcelist=frozenset(retry_statuses),
        backoff_factor=backoff_factor,
        backoff_max=backoff_max,
        retry_after_max=retry_after_max,
        respect_retry_after_header=True,
        raise_on_status=False,  # hand back the last response so the error can name its status
    )
    session = LakeSession((connect_timeout, read_timeout), attempts, total_timeout, min_interval)
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def safe_url(url: str) -> str:
    """`scheme://host/path` without user info or query string, fit for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"


class ApiTimeoutError(LakeError):
    """The server accepted the connection but did not answer in time (after retries)."""


class ApiStatusError(LakeError):
    """The server answered with an HTTP status we do not retry (or retried in vain)."""

    def __init__(self, status: int, problem: str, hint: str) -> None:
        super().__init__(problem, hint)
        self.status = status


def get(
    session: requests.Session,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, str] | None = None,
    stream: bool = False,
    what: str = "the API",
) -> requests.Response:
    """GET with the session's retries; any failure becomes a one-line `LakeError`.

    `what` names the other side in messages ("the API", "the file server").
    """
    where = safe_url(url)
    started = time.monotonic()
    try:
        response = session.get(url, headers=dict(headers or {}), params=params, stream=stream)
    except requests.RequestException as err:
        raise _request_error(err, where, what) from None
    log.debug("GET %s -> %s in %.2fs", where, response.status_code, time.monotonic() - started)
    _raise_for_status(response, where, what, getattr(session, "attempts", 1))
    return response


def _request_error(err: requests.RequestException, where: str, what: str) -> LakeError:
    """A one-line error for a request that got no HTTP answer; never quotes the exception,
    whose text holds the full URL."""
    reason = getattr(err.args[0], "reason", None) if err.args else None
    refused = isinstance(reason, urllib3_exceptions.NewConnectionError)  # a ConnectTimeoutError!
    timed_out = isinstance(err, requests.Timeout | urllib3_exceptions.TimeoutError) or isinstance(
        reason, urllib3_exceptions.TimeoutError
    )
    if timed_out and not refused:
        return ApiTimeoutError(
            f"{what} at {where} did not answer in time",
            "check your network connection and try again later",
        )
    if isinstance(err, requests.exceptions.ChunkedEncodingError):
        return LakeError(
            f"the connection to {what} at {where} broke before the whole answer arrived",
            "try again later",
        )
    if isinstance(err, requests.exceptions.InvalidHeader):
        return LakeError(
            f"a request header for {where} holds spaces or control characters",
            "copy the API key again, without quotes or line breaks",
        )
    if isinstance(err, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return LakeError(f"'{where}' is not a valid URL", "give an http:// or https:// URL")
    if isinstance(err, requests.TooManyRedirects):
        return LakeError(
            f"{what} at {where} keeps redirecting (a redirect loop)",
            "check the URL: open it in a browser to see where it leads",
        )
    if isinstance(err, requests.exceptions.InvalidSchema):
        return LakeError(
            f"{what} at {where} redirects to an address that is not http:// or https://",
            "give the file's final http(s) URL",
        )
    if isinstance(err, requests.exceptions.SSLError):
        return LakeError(
            f"the TLS certificate of {what} at {where} could not be verified",
            "check the URL's host name, or the machine's CA certificates",
        )
    if isinstance(err, requests.exceptions.ContentDecodingError):
        return LakeError(
            f"{what} at {where} sent a compressed answer that does not decompress",
            "try again later; if it persists, the server is broken",
        )
    return LakeError(
        f"cannot reach {what} at {where}",
        "check the URL and your network connection, or try again later",
    )


def _raise_for_status(response: requests.Response, where: str, what: str, attempts: int) -> None:
    status = response.status_code
    if status < 400:
        return
    response.close()
    if status == 429 or status >= 500:
        retries = getattr(response.raw, "retries", None)
        made = len(retries.history) + 1 if retries is not None else attempts
        tries = f" after {made} tries" if made > 1 else ""
        raise ApiStatusError(
            status,
            f"{what} at {where} kept failing with status {status}{tries}",
            "it is busy or down; try again later",
        )
    if status == 404:
        hint = "check the URL"
    elif status in (401, 403):
        hint = "check the credentials for this service"
    else:
        hint = "check the URL and the request"
    raise ApiStatusError(status, f"{what} at {where} answered {status} {response.reason}", hint)


def parse_json(body: bytes, where: str, what: str = "the API") -> Any:
    """Parse a JSON body; anything else (HTML, a cut-off body) is a one-line `LakeError`."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as err:
        if not body.strip():
            detail = "an empty body"
        elif "unexpected end of data" in str(err):
            detail = f"JSON cut off after {len(body)} bytes (truncated)"
        else:  # never quote the body: an error page may echo what we sent
            looks = " (it looks like HTML)" if body.lstrip()[:1] == b"<" else ""
            detail = f"something that is not JSON{looks}"
        raise LakeError(
            f"{what} answered {where} with {detail}",
            "check the base URL points at the API, or try again later",
        ) from None


def get_json(
    session: requests.Session,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, str] | None = None,
    what: str = "the API",
) -> Any:
    """GET a URL and return its parsed JSON body, which must arrive within the session's
    time limit (`total_timeout`, else the default) however slowly the server sends it."""
    response = get(session, url, headers=headers, params=params, stream=True, what=what)
    limit = getattr(session, "total_timeout", None) or DEFAULT_TOTAL_TIMEOUT
    with deadline(response, limit) as expired:
        try:
            body = response.content
        except Exception as err:  # a closed response fails in urllib3 or http.client
            if expired.is_set():
                raise LakeError(
                    f"{what} at {safe_url(url)} sent its answer too slowly: stopped after "
                    f"{limit:g} s",
                    "the server is overloaded or throttling; try again later",
                ) from None
            if isinstance(err, requests.RequestException):
                raise LakeError(
                    f"the connection to {what} at {safe_url(url)} broke before the whole "
                    "answer arrived",
                    "try again later",
                ) from None
            raise
    return parse_json(body, safe_url(url), what)


def download(
    session: requests.Session,
    url: str,
    sink: IO[bytes],
    *,
    what: str = "the file server",
    stall_seconds: float = DOWNLOAD_STALL_SECONDS,
) -> int:
    """Stream a URL's body into `sink` (bounded memory); returns the number of bytes. A
    download that brings less than a chunk in `stall_seconds` is stopped as stalled."""
    response = get(session, url, stream=True, what=what)
    progress = Progress()
    with stall_guard(response, progress, stall_seconds, _DOWNLOAD_CHUNK) as stalled:
        try:
            with response:
                for chunk in response.iter_content(chunk_size=_DOWNLOAD_CHUNK):
                    sink.write(chunk)
                    progress.size += len(chunk)
        except Exception as err:  # a closed response fails in urllib3 or http.client
            if stalled.is_set():
                raise LakeError(
                    f"the download of {safe_url(url)} stalled: less than "
                    f"{_DOWNLOAD_CHUNK // 1024} KiB in {stall_seconds:g} s after "
                    f"{progress.size} bytes",
                    "the server is overloaded or the link too slow; try again later",
                ) from None
            if isinstance(err, requests.RequestException):
                raise LakeError(
                    f"the download of {safe_url(url)} broke off after {progress.size} bytes",
                    "check your network connection and try again",
                ) from None
            raise
    return progress.size


def url_suffix(url: str) -> str:
    """The lower-case extension of a URL's path (`.csv`), ignoring any query string."""
    return Path(urlsplit(url).path).suffix.lower()
