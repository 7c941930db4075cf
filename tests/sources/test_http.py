"""The shared HTTP client against a real HTTP server on loopback."""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from ingest import __version__
from ingest.errors import LakeError
from ingest.sources.http import build_session, download, get_json, safe_url, url_suffix


def settle(server: HTTPServer, release: threading.Event, path: str, calls: int) -> None:
    """Let slow handlers finish and be logged now, not in the next test's log."""
    release.set()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if sum(1 for request, _ in server.log if request.path == path) >= calls:
            return
        time.sleep(0.01)


def one_line(err: pytest.ExceptionInfo[LakeError]) -> str:
    message = str(err.value)
    assert "\n" not in message and message.strip() == message
    return message


def test_returns_parsed_json_and_sends_user_agent(server: HTTPServer) -> None:
    server.expect_request(
        "/ok", headers={"User-Agent": f"nba-data-lake/{__version__}"}
    ).respond_with_json([{"a": 1}])
    assert get_json(build_session(), server.url_for("/ok")) == [{"a": 1}]


def test_429_with_retry_after_waits_then_succeeds(server: HTTPServer) -> None:
    server.expect_oneshot_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    server.expect_oneshot_request("/busy").respond_with_json([{"ok": True}])
    started = time.monotonic()
    body = get_json(build_session(backoff_factor=0.01), server.url_for("/busy"))
    elapsed = time.monotonic() - started
    assert body == [{"ok": True}]
    assert 0.9 <= elapsed < 5, f"waited {elapsed:.2f}s for Retry-After: 1"
    assert len(server.log) == 2


def test_500_then_success(server: HTTPServer) -> None:
    server.expect_oneshot_request("/flaky").respond_with_data("oops", status=500)
    server.expect_oneshot_request("/flaky").respond_with_json({"fine": 1})
    assert get_json(build_session(backoff_factor=0.01), server.url_for("/flaky")) == {"fine": 1}
    assert [resp.status_code for _, resp in server.log] == [500, 200]


def test_retries_exhausted_says_try_later(server: HTTPServer) -> None:
    server.expect_request("/down").respond_with_data("down", status=503)
    with pytest.raises(LakeError) as err:
        get_json(build_session(attempts=3, backoff_factor=0.01), server.url_for("/down"))
    message = one_line(err)
    assert "kept failing with status 503 after 3 tries" in message
    assert "try again later" in message
    assert len(server.log) == 3


def test_attempts_bound_the_tries(server: HTTPServer) -> None:
    server.expect_request("/down").respond_with_data("down", status=502)
    with pytest.raises(LakeError, match="status 502"):
        get_json(build_session(attempts=1), server.url_for("/down"))
    assert len(server.log) == 1


def test_body_that_is_not_json_names_the_path_not_the_query(server: HTTPServer) -> None:
    server.expect_request("/v3/thing").respond_with_data(
        "<html>maintenance</html>", content_type="text/html"
    )
    with pytest.raises(LakeError) as err:
        get_json(build_session(), server.url_for("/v3/thing") + "?token=SECRET123")
    message = one_line(err)
    assert "/v3/thing" in message and "not JSON" in message
    assert "SECRET123" not in message and "token" not in message


def test_truncated_json(server: HTTPServer) -> None:
    server.expect_request("/cut").respond_with_data('[{"PlayerID": 1, "Name": "Ab', status=200)
    with pytest.raises(LakeError) as err:
        get_json(build_session(), server.url_for("/cut"))
    message = one_line(err)
    assert "/cut" in message and "truncated" in message


def test_connection_closed_mid_body(server: HTTPServer) -> None:
    def short(request: Request) -> Response:
        response = Response('[{"PlayerID": 1}', content_type="application/json")
        response.headers["Content-Length"] = "100"  # promise more than is sent
        return response

    server.expect_request("/short").respond_with_handler(short)
    with pytest.raises(LakeError) as err:
        get_json(build_session(attempts=1, read_timeout=2), server.url_for("/short"))
    assert "broke before the whole answer arrived" in one_line(err)


def test_html_body_is_not_quoted(server: HTTPServer) -> None:
    server.expect_request("/page").respond_with_data("<html>key=abc123</html>")
    with pytest.raises(LakeError) as err:
        get_json(build_session(), server.url_for("/page"))
    message = one_line(err)
    assert "looks like HTML" in message and "abc123" not in message


def test_empty_body(server: HTTPServer) -> None:
    server.expect_request("/empty").respond_with_data("")
    with pytest.raises(LakeError, match="empty body"):
        get_json(build_session(), server.url_for("/empty"))


def test_read_timeout_is_retried_then_reported(server: HTTPServer) -> None:
    release, calls = threading.Event(), []

    def slow(request: Request) -> Response:
        calls.append(request.path)
        release.wait(1.0)
        return Response("[]", content_type="application/json")

    server.expect_request("/slow").respond_with_handler(slow)
    session = build_session(attempts=2, backoff_factor=0.01, read_timeout=0.2)
    started = time.monotonic()
    with pytest.raises(LakeError) as err:
        get_json(session, server.url_for("/slow"))
    elapsed = time.monotonic() - started
    settle(server, release, "/slow", len(calls))
    message = one_line(err)
    assert "did not answer in time" in message and "/slow" in message
    assert elapsed < 0.9, "the read timeout applied to every try"
    assert len(server.log) <= 2


def test_unreachable_host() -> None:
    gone = HTTPServer(host="127.0.0.1")
    gone.start()
    url = gone.url_for("/gone")
    gone.stop()  # nothing listens on that port any more
    with pytest.raises(LakeError) as err:
        get_json(build_session(attempts=2, backoff_factor=0.01), url)
    assert "cannot reach the API at http://127.0.0.1:" in one_line(err)


def test_other_client_errors_are_not_retried(server: HTTPServer) -> None:
    server.expect_request("/missing").respond_with_data("nope", status=404)
    with pytest.raises(LakeError) as err:
        get_json(build_session(backoff_factor=0.01), server.url_for("/missing"))
    assert "404" in one_line(err)
    assert len(server.log) == 1


def test_secret_header_is_dropped_when_a_redirect_leaves_the_host(server: HTTPServer) -> None:
    other = HTTPServer(host="127.0.0.1")
    other.start()
    try:
        other.expect_request("/landing").respond_with_json([])
        server.expect_request("/moved").respond_with_data(
            "", status=302, headers={"Location": other.url_for("/landing")}
        )
        get_json(
            build_session(),
            server.url_for("/moved"),
            headers={"Ocp-Apim-Subscription-Key": "SECRET-KEY-1"},
        )
        (first, _), (landed, _) = server.log[0], other.log[0]
        assert first.headers.get("Ocp-Apim-Subscription-Key") == "SECRET-KEY-1"
        assert "Ocp-Apim-Subscription-Key" not in landed.headers
    finally:
        other.clear()
        other.stop()


def test_secret_header_is_kept_on_a_same_host_redirect(server: HTTPServer) -> None:
    server.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": server.url_for("/new")}
    )
    server.expect_request("/new").respond_with_json([1])
    headers = {"Ocp-Apim-Subscription-Key": "SECRET-KEY-2"}
    assert get_json(build_session(), server.url_for("/old"), headers=headers) == [1]
    assert server.log[1][0].headers.get("Ocp-Apim-Subscription-Key") == "SECRET-KEY-2"


def test_session_applies_default_timeouts() -> None:
    session = build_session(connect_timeout=1.5, read_timeout=7.0)
    assert session.timeout == (1.5, 7.0)
    assert session.headers["User-Agent"] == f"nba-data-lake/{__version__}"
    with pytest.raises(ValueError):
        build_session(attempts=0)


def test_download_streams_the_body(server: HTTPServer) -> None:
    payload = b"a,b\n" + b"1,2\n" * 100_000
    server.expect_request("/big.csv").respond_with_data(payload, content_type="text/csv")
    sink = io.BytesIO()
    assert download(build_session(), server.url_for("/big.csv"), sink) == len(payload)
    assert sink.getvalue() == payload


def test_safe_url_and_suffix() -> None:
    url = "https://user:pw@example.com:8443/a/b.CSV?sig=abc#frag"
    assert safe_url(url) == "https://example.com:8443/a/b.CSV"
    assert url_suffix(url) == ".csv"


def test_query_strings_stay_out_of_logs(
    server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="urllib3")
    server.expect_oneshot_request("/signed").respond_with_data("x", status=500)
    server.expect_oneshot_request("/signed").respond_with_json([])
    session = build_session(backoff_factor=0.01)
    assert get_json(session, server.url_for("/signed") + "?sig=TOKEN42") == []
    client_lines = [r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug")]
    assert any("/signed" in line for line in client_lines)
    assert not [line for line in client_lines if "TOKEN42" in line]


# --- issue 10, item 16: redirect loops and slow servers ---------------------------------


def test_a_redirect_loop_is_named_as_one(server: HTTPServer) -> None:
    server.expect_request("/a").respond_with_data(
        "", status=302, headers={"Location": server.url_for("/b")}
    )
    server.expect_request("/b").respond_with_data(
        "", status=302, headers={"Location": server.url_for("/a")}
    )
    with pytest.raises(LakeError) as err:
        get_json(build_session(attempts=1), server.url_for("/a") + "?token=SECRET")
    message = one_line(err)
    assert "keeps redirecting (a redirect loop)" in message and "/a" in message
    assert "network connection" not in message and "SECRET" not in message


def test_a_slow_server_costs_the_time_limit_not_attempts_times_timeout(
    server: HTTPServer,
) -> None:
    tries = []
    release = threading.Event()

    def slow(request: Request) -> Response:
        tries.append(time.monotonic())
        release.wait(1.0)
        return Response("[]", content_type="application/json")

    server.expect_request("/crawl").respond_with_handler(slow)
    # 5 tries of 0.4 s would take 2 s; the limit for the whole request is 1 s
    session = build_session(
        attempts=5, backoff_factor=0, connect_timeout=0.1, read_timeout=0.4, total_timeout=1.0
    )
    started = time.monotonic()
    with pytest.raises(LakeError, match="did not answer in time"):
        get_json(session, server.url_for("/crawl"))
    elapsed = time.monotonic() - started
    settle(server, release, "/crawl", len(tries))
    assert elapsed < 1.0 + 0.3
    assert len(tries) == 2, "a third try could not have finished in time"


def test_a_retry_after_beyond_the_time_limit_is_not_waited_for(server: HTTPServer) -> None:
    server.expect_request("/later").respond_with_data(
        "busy", status=503, headers={"Retry-After": "3600"}
    )
    started = time.monotonic()
    with pytest.raises(LakeError) as err:
        get_json(build_session(backoff_factor=0.01), server.url_for("/later"))
    assert time.monotonic() - started < 5
    assert "kept failing with status 503" in one_line(err)
    assert [request.path for request, _ in server.log].count("/later") == 1


def test_the_default_session_caps_the_whole_wait() -> None:
    session = build_session()
    assert session.total_timeout is not None
    assert session.total_timeout < session.attempts * sum(session.timeout)


# --- a server that trickles its answer: each read is within the read timeout ------------


def _trickle(release: threading.Event, first: bytes, every: float) -> Response:
    """An answer whose first bytes come at once and the rest a byte at a time, each well
    within the read timeout, until the test lets it go."""

    def body() -> Iterator[bytes]:
        yield first
        while not release.wait(every):
            yield b" "
        yield b"]"

    return Response(body(), content_type="application/json", direct_passthrough=True)


def test_an_answer_trickled_past_the_time_limit_is_stopped(server: HTTPServer) -> None:
    release = threading.Event()
    server.expect_request("/drip").respond_with_handler(lambda _: _trickle(release, b"[", 0.1))
    session = build_session(attempts=1, read_timeout=0.5, total_timeout=1.5)
    started = time.monotonic()
    with pytest.raises(LakeError) as err:
        get_json(session, server.url_for("/drip"))
    elapsed = time.monotonic() - started
    settle(server, release, "/drip", 1)
    assert "sent its answer too slowly" in one_line(err) and "/drip" in one_line(err)
    assert elapsed < 1.5 + 1.0


def test_a_stalled_download_is_stopped_and_says_so(server: HTTPServer) -> None:
    release = threading.Event()
    server.expect_request("/big.csv").respond_with_handler(
        lambda _: _trickle(release, b"a,b\n" * 100_000, 0.1)
    )
    started = time.monotonic()
    with pytest.raises(LakeError) as err:
        download(build_session(read_timeout=0.5), server.url_for("/big.csv"), io.BytesIO(),
                 stall_seconds=1.0)  # fmt: skip
    elapsed = time.monotonic() - started
    settle(server, release, "/big.csv", 1)
    message = one_line(err)
    assert "stalled" in message and "/big.csv" in message
    assert elapsed < 2 * 1.0 + 1.0
