"""`make bench`: run every benchmark; each prints its table and adds to LAKE_HOME/bench.json."""

from __future__ import annotations

from benchmarks import (
    file_rss_bench,
    incremental_bench,
    ingest_bench,
    query_bench,
    tui_bench,
    tui_chart_bench,
    tui_startup_bench,
)

if __name__ == "__main__":
    ingest_bench.main()
    incremental_bench.main()
    file_rss_bench.main()
    query_bench.main()
    tui_bench.main()
    tui_startup_bench.main()
    tui_chart_bench.main()
