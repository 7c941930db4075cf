"""A stand-in for stats.nba.com on loopback, answering like the real server.

It serves the recorded-shape fixtures (tests/sources/fixtures/nbastats, season 2023-24)
and behaves as the fixtures' README describes: requests without browser-like headers are
refused (403, Akamai's "Access Denied" page; `blocked` refuses everyone), a malformed
season is a plain-text 400, DateFrom/DateTo (MM/DD/YYYY) filter the game log, other
seasons and the playoffs have no rows yet. Tests can make it slow (`delay`) or
rate-limited (`throttle`: 429 with Retry-After for the next N requests). It records every
request it saw.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

FIXTURES = Path(__file__).parent / "fixtures" / "nbastats"
SEASON = "2023-24"  # the fixtures' season, the lake's 2024
ENDPOINTS = {
    "commonallplayers": "commonallplayers.json",
    "commonteamyears": "commonteamyears.json",
    "leaguedashplayerstats": "leaguedashplayerstats.json",
    "leaguestandingsv3": "leaguestandingsv3.json",
}
ACCESS_DENIED = (
    "<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>"
    "You don't have permission to access this server.</BODY></HTML>"
)


def fixture(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return loaded


@dataclass
class Seen:
    at: float
    endpoint: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class NbaStatsStandIn:
    server: HTTPServer
    delay: float = 0.0
    throttle: int = 0
    retry_after: int = 1
    blocked: bool = False  # refuse everyone, as it does for cloud hosts' addresses
    seen: list[Seen] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return self.server.url_for("/stats")

    def install(self) -> NbaStatsStandIn:
        self.server.expect_request(re.compile(r"^/stats/\w+$")).respond_with_handler(self.handle)
        return self

    def handle(self, request: Request) -> Response:
        endpoint = request.path.rsplit("/", 1)[-1]
        params = {key: request.args.get(key, "") for key in request.args}
        with self._lock:
            self.seen.append(Seen(time.monotonic(), endpoint, params, dict(request.headers)))
            throttled = self.throttle > 0
            self.throttle -= 1 if throttled else 0
        agent, referer = request.headers.get("User-Agent", ""), request.headers.get("Referer", "")
        browser = "Mozilla/" in agent and referer.startswith("https://www.nba.com")
        if self.blocked or not browser:
            return Response(ACCESS_DENIED, status=403, content_type="text/html")
        if throttled:
            return Response(
                "Too Many Requests", status=429, headers={"Retry-After": str(self.retry_after)}
            )
        if self.delay:
            time.sleep(self.delay)
        season = params.get("Season")
        if season is not None and not re.fullmatch(r"\d{4}-\d{2}", season):
            return Response(
                "The field Season must match the regular expression '^(\\d{4}-\\d{2})$'.",
                status=400,
                content_type="text/plain",
            )
        body = self.body(endpoint, params)
        if body is None:
            return Response("<title>NBA.com/Stats | 404 Page Not Found</title>", status=404)
        return Response(json.dumps(body), content_type="application/json; charset=utf-8")

    def body(self, endpoint: str, params: dict[str, str]) -> dict[str, Any] | None:
        if endpoint == "leaguegamelog":
            body = fixture(f"leaguegamelog_{params.get('PlayerOrTeam', 'T')}.json")
        elif endpoint in ENDPOINTS:
            body = fixture(ENDPOINTS[endpoint])
        else:
            return None
        body = copy.deepcopy(body)
        result = body["resultSets"][0]
        other_season = params.get("Season", SEASON) != SEASON
        playoffs = params.get("SeasonType", "Regular Season") != "Regular Season"
        if endpoint != "commonteamyears" and (other_season or playoffs):
            result["rowSet"] = []  # no rows for another season, no playoffs yet
        if endpoint == "leaguegamelog":
            result["rowSet"] = [
                row
                for row in result["rowSet"]
                if _in_range(row[result["headers"].index("GAME_DATE")], params)
            ]
        body["parameters"].update({k: v for k, v in params.items() if k in body["parameters"]})
        return body


def _us_date(text: str) -> date | None:
    return datetime.strptime(text, "%m/%d/%Y").date() if text else None


def _in_range(game_date: str, params: dict[str, str]) -> bool:
    day = date.fromisoformat(game_date)
    first, last = _us_date(params.get("DateFrom", "")), _us_date(params.get("DateTo", ""))
    return (first is None or day >= first) and (last is None or day <= last)
