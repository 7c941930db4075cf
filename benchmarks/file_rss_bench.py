"""Peak memory of ingesting a file the user brings: a 1 GB CSV against a 100 MB one.

The file source reads a page at a time (twice: inference, then the run), so memory
should not grow with the file: the figure is the peak RSS of the 1 GB ingest divided by
that of the 100 MB one (goal <= 1.5). Each ingest runs in a fresh child process (its own
peak, nothing left over from the other), the two sizes interleaved in pairs; the median
of the per-pair ratios is reported with its spread.

    python -m benchmarks.file_rss_bench            # both sizes, 2 pairs
    NBA_BENCH_FILE_MB=20,200 NBA_BENCH_PAIRS=1 python -m benchmarks.file_rss_bench
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.report import Figure, record

MIB = 1024 * 1024
HEADER = (
    "PlayerID,Name,Team,Position,Season,Games,Minutes,Points,Rebounds,Assists,"
    "Steals,Blocks,FieldGoalsPercentage,BirthDate,Active,Notes\n"
)
#: a free-text column (scouting notes) makes rows about 300 bytes, as exports with a
#: description column are; it keeps a 1 GB file to about 3.5 million rows
_WORDS = (
    "quick", "first", "step", "elite", "defender", "reads", "the", "floor", "streaky",
    "shooter", "from", "deep", "strong", "rebounder", "finishes", "with", "either", "hand",
)  # fmt: skip
_TEAMS = ("BOS", "LAL", "NYK", "GSW", "MIA", "CHI", "DEN", "PHX", "DAL", "MIL")
_POSITIONS = ("PG", "SG", "SF", "PF", "C")


def write_csv(path: Path, size_mb: int, seed: int = 7) -> int:
    """A CSV of about `size_mb` MiB of season-stat rows; returns the number of rows."""
    rng = random.Random(seed)
    target, written, rows = size_mb * MIB, len(HEADER), 0
    with path.open("w", encoding="utf-8", newline="") as sink:
        sink.write(HEADER)
        while written < target:
            block = []
            for _ in range(10_000):
                rows += 1
                games = rng.randint(0, 82)
                block.append(
                    f"{rows},Player {rows},{rng.choice(_TEAMS)},{rng.choice(_POSITIONS)},"
                    f"{rng.randint(2000, 2025)},{games},{rng.randint(0, 3000)},"
                    f"{rng.randint(0, 2500)},{rng.randint(0, 1000)},{rng.randint(0, 800)},"
                    f"{rng.randint(0, 150)},{rng.randint(0, 200)},{rng.uniform(30, 65):.1f},"
                    f"19{rng.randint(70, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)},"
                    f"{'true' if games else 'false'},"
                    f'"{" ".join(rng.choices(_WORDS, k=30))}, and more"\n'
                )
            text = "".join(block)
            sink.write(text)
            written += len(text)
    return rows


def child(csv_path: str, lake_home: str) -> None:
    """In a fresh process: provision a local lake, ingest the file, print peak RSS (KiB)."""
    from ingest.pipeline.plan import IngestOptions, plan_ingest
    from ingest.pipeline.run import run_ingest
    from ingest.settings import Settings
    from ingest.targets import load_target, open_lake

    settings = Settings.from_env(target="local", lake_home=lake_home, env={})
    load_target("local", settings).provisioner().apply(yes=True)
    lake = open_lake(settings)
    options = IngestOptions(source="file", location=csv_path, table="bench_file")
    [outcome] = run_ingest(lake, plan_ingest(lake, options))
    assert outcome.status == "written", outcome
    print(f"{_own_peak_kib()} {outcome.landed}")


def _own_peak_kib() -> int:
    """This process's own peak RSS. Not ru_maxrss: Linux carries it across fork and exec,
    so a child of a benchmark run that already holds gigabytes would report the parent's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB, where /proc is absent


def _measure(csv_path: Path, folder: Path) -> tuple[float, int]:
    """(peak RSS in MiB, rows landed) of one ingest in a fresh child process."""
    with tempfile.TemporaryDirectory(dir=folder, prefix="lake-") as lake_home:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.file_rss_bench",
                "--child",
                str(csv_path),
                lake_home,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
    peak_kib, landed = done.stdout.split()[-2:]
    return int(peak_kib) / 1024, int(landed)


def main(pairs: int | None = None) -> None:
    pairs = pairs or int(os.environ.get("NBA_BENCH_PAIRS", "2"))
    small_mb, big_mb = (int(x) for x in os.environ.get("NBA_BENCH_FILE_MB", "100,1000").split(","))
    with tempfile.TemporaryDirectory(prefix="nba-bench-file-") as tmp:
        folder = Path(tmp)
        small, big = folder / "small.csv", folder / "big.csv"
        small_rows, big_rows = write_csv(small, small_mb), write_csv(big, big_mb)
        small_peaks, big_peaks, ratios = [], [], []
        for _ in range(pairs):
            small_peak, landed = _measure(small, folder)
            assert landed == small_rows, (landed, small_rows)
            big_peak, landed = _measure(big, folder)
            assert landed == big_rows, (landed, big_rows)
            small_peaks.append(small_peak)
            big_peaks.append(big_peak)
            ratios.append(big_peak / small_peak)
    ratio = statistics.median(ratios)
    print(
        f"file ingest peak RSS: {big_mb:,} MB CSV ({big_rows:,} rows) "
        f"{statistics.median(big_peaks):.0f} MiB vs {small_mb:,} MB CSV ({small_rows:,} rows) "
        f"{statistics.median(small_peaks):.0f} MiB; ratio {ratio:.2f} (median of {pairs} pairs, "
        f"spread {min(ratios):.2f}-{max(ratios):.2f}; "
        f"big {', '.join(f'{p:.0f}' for p in big_peaks)} MiB; "
        f"small {', '.join(f'{p:.0f}' for p in small_peaks)} MiB)"
    )
    record(
        [
            Figure("file_ingest_peak_rss_small", statistics.median(small_peaks), "MiB"),
            Figure(
                "file_ingest_peak_rss",
                statistics.median(big_peaks),
                "MiB",
                baseline=statistics.median(small_peaks),
                ratio=ratio,
                goal="<= 1.5",
            ),
        ]
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
    else:
        main()
