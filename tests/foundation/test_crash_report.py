"""What the programs print when something breaks: never a frame's local variables (a key,
a private path), and for an error the user can fix, one line and no traceback."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ingest.errors import LakeError
from ingest.settings import Settings
from tui.app import LakeApp

SECRET = "sk-" + "live-0123456789"  # built at run time: the source line never shows it


def _crash_in_a_callback() -> None:
    api_key = SECRET.upper().lower()  # a local variable holding a secret
    raise RuntimeError(f"a bug after reading {len(api_key)} characters")


def _lake_error() -> None:
    api_key = SECRET.upper().lower()
    raise LakeError(f"the lake broke ({len(api_key)})", "do the thing")


async def _run_until_crash(settings: Settings, start: Callable[[LakeApp], None]) -> None:
    app = LakeApp(settings)
    with pytest.raises(Exception):  # noqa: B017 - run_test re-raises whatever crashed
        async with app.run_test() as pilot:
            start(app)
            for _ in range(20):
                await pilot.pause(0.05)


@pytest.mark.parametrize(
    "start",
    [
        lambda app: app.call_later(_crash_in_a_callback),
        lambda app: app.run_worker(_crash_in_a_callback, thread=True),
    ],
    ids=["callback", "thread worker"],
)
async def test_the_tui_crash_report_shows_no_local_variables(
    settings: Settings, capsys: pytest.CaptureFixture[str], start: Callable[[LakeApp], None]
) -> None:
    await _run_until_crash(settings, start)
    err = capsys.readouterr().err
    assert "RuntimeError" in err and "a bug after reading" in err
    assert SECRET not in err and "api_key = " not in err.split("RuntimeError")[-1]
    assert SECRET.upper() not in err


async def test_a_lake_error_that_escapes_is_one_line_not_a_traceback(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    await _run_until_crash(settings, lambda app: app.call_later(_lake_error))
    err = capsys.readouterr().err.strip()
    assert "nba-lake-tui: error: the lake broke (18): do the thing" in err
    assert "Traceback" not in err and SECRET not in err
