"""TUI start-up: launch to the first keystroke accepted, in a new process, in a terminal.

Each sample starts a process on a pseudo-terminal (160x48) and types `x` every 5 ms from
the moment it was launched; the process reports (through a pipe) when the first key
reached an editor. Three kinds run interleaved in every round, in rotating order:

- `bare`: a minimal Textual app with one TextArea (the baseline);
- `lake`: the workbench on a sample lake, no saved tabs;
- `lake16`: the same with 16 saved tabs (the 14th active).

Figures: the medians of the per-round ratios lake/bare (goal <= 1.5) and lake16/lake
(goal <= 1.2), their spread, and the absolute medians.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from benchmarks.report import Figure, record
from ingest.settings import Settings
from ingest.targets import load_target, open_lake

ROUNDS = 11
COLUMNS, LINES = 160, 48
TYPE_EVERY = 0.005
TIMEOUT = 60.0
SAVED_TABS = 16
ACTIVE_TAB = 13


def _sample_sql(index: int) -> str:
    return (
        f"-- saved tab {index + 1}\n"
        "SELECT team, season, round(avg(points_per_game), 1) AS ppg, count(*) AS players\n"
        "FROM player_season_stats\n"
        f"WHERE season >= {2021 + index % 5} AND games > {index}\n"
        "GROUP BY team, season\n"
        "ORDER BY ppg DESC\n"
        "LIMIT 20;\n"
    ) * 3


def saved_tabs(home: Path) -> None:
    """16 tabs of real-looking SQL, the 14th active, as the workbench saves them."""
    buffers = [
        {"title": f"Query {i + 1}", "text": _sample_sql(i), "cursor": [2, 5]}
        for i in range(SAVED_TABS)
    ]
    path = home / "tui" / "buffers.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"active": ACTIVE_TAB, "buffers": buffers}), encoding="utf-8")


def launch(kind: str, env: dict[str, str]) -> float:
    """Seconds from launching the process to its first accepted keystroke."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    report_r, report_w = os.pipe()
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.startup_child", kind, str(report_w)],
        stdin=slave,
        stdout=slave,
        stderr=slave,  # Textual draws on stderr
        pass_fds=(report_w,),
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    os.close(report_w)
    os.set_blocking(master, False)
    report = b""
    typed = 0.0
    try:
        deadline = started + TIMEOUT
        while b"\n" not in report:
            now = time.monotonic()
            if now > deadline:
                raise RuntimeError(f"{kind}: no keystroke accepted within {TIMEOUT:.0f} s")
            if now - typed >= TYPE_EVERY:  # a key every 5 ms, like a fast typist's burst
                typed = now
                with contextlib.suppress(OSError):  # a full input buffer: the next one
                    os.write(master, b"x")
            ready, _, _ = select.select([report_r, master], [], [], TYPE_EVERY / 2)
            if master in ready:
                with contextlib.suppress(OSError):
                    os.read(master, 65536)  # the app's drawing: drained, not read
            if report_r in ready:
                report += os.read(report_r, 64) or b"\n"
        accepted = float(report.split(b"\n")[0])
    finally:
        _finish(child, master)
        os.close(report_r)
    return accepted - started


def _finish(child: subprocess.Popen[bytes], master: int) -> None:
    end = time.monotonic() + 10
    while child.poll() is None and time.monotonic() < end:
        try:
            os.read(master, 65536)
        except OSError:
            time.sleep(0.01)
    if child.poll() is None:
        child.kill()
        child.wait()
    os.close(master)


def _lake(root: Path) -> Path:
    """A provisioned local lake with the sample league."""
    from ingest.pipeline.plan import IngestOptions, plan_ingest
    from ingest.pipeline.run import run_ingest

    home = root / "lake"
    settings = Settings.from_env(target="local", lake_home=home, env={})
    load_target("local", settings).provisioner().apply(yes=True)
    lake = open_lake(settings)
    run_ingest(lake, plan_ingest(lake, IngestOptions(source="sample")))
    return home


def measure(rounds: int = ROUNDS) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="nba-startup-bench-") as tmp:
        plain = _lake(Path(tmp))
        tabs = Path(tmp) / "lake16"
        shutil.copytree(plain, tabs)
        saved_tabs(tabs)
        base = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
        base.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
        base["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
        envs = {
            "bare": base,
            "lake": {**base, "LAKE_HOME": str(plain)},
            "lake16": {**base, "LAKE_HOME": str(tabs)},
        }
        kinds = list(envs)
        launch("lake", envs["lake"])  # warm the file cache once, not counted
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        for index in range(rounds):
            order = kinds[index % 3 :] + kinds[: index % 3]
            for kind in order:
                times[kind].append(launch("bare" if kind == "bare" else "lake", envs[kind]))
    return times


def main() -> None:
    times = measure()
    lake_vs_bare = [lake / bare for lake, bare in zip(times["lake"], times["bare"], strict=True)]
    tabs_vs_none = [tabs / lake for tabs, lake in zip(times["lake16"], times["lake"], strict=True)]
    median = statistics.median
    print(
        f"tui_startup: bare {median(times['bare']):.3f}s, workbench {median(times['lake']):.3f}s,"
        f" with {SAVED_TABS} tabs {median(times['lake16']):.3f}s ({ROUNDS} interleaved rounds);"
        f" ratio spread {min(lake_vs_bare):.2f}-{max(lake_vs_bare):.2f} and"
        f" {min(tabs_vs_none):.2f}-{max(tabs_vs_none):.2f}"
    )
    record(
        [
            Figure(
                "tui_startup",
                median(times["lake"]),
                "s",
                baseline=median(times["bare"]),
                ratio=median(lake_vs_bare),
                goal="<= 1.5 x a bare Textual app with one TextArea (launch to first key)",
            ),
            Figure(
                "tui_startup_16_tabs",
                median(times["lake16"]),
                "s",
                baseline=median(times["lake"]),
                ratio=median(tabs_vs_none),
                goal=f"<= 1.2 x no saved tabs ({SAVED_TABS} restored)",
            ),
        ]
    )


if __name__ == "__main__":
    main()
