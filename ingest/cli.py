"""`nba-lake`: provision the lake, list its tables (and, in later commands, ingest and query).

The parser and routing live here; each command's work is in `ingest.commands`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rich.console import Console

from ingest import __version__
from ingest.commands import check, ingest, provision, query, schedule, status, tables
from ingest.errors import LakeError
from ingest.pipeline.plan import DEFAULT_LOOKBACK_DAYS, DEFAULT_MAX_REJECT_RATIO, IngestOptions
from ingest.query.session import parse_timeout
from ingest.settings import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nba-lake",
        description="An NBA data lake on AWS (S3, Glue, Athena) or on your machine.",
    )
    parser.add_argument("--version", action="version", version=f"nba-lake {__version__}")
    parser.add_argument(
        "--lake-home", help="folder for the lake's files (default: $LAKE_HOME or .lake)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    target_help = "local (embedded lake, default) or aws (S3, Glue, Athena through Terraform)"
    apply = commands.add_parser("apply", help="provision the lake and write outputs.json")
    apply.add_argument("--target", help=target_help)
    apply.add_argument("--yes", action="store_true", help="aws: apply without Terraform's prompt")
    plan = commands.add_parser("plan", help="show what apply would change")
    plan.add_argument("--target", help=target_help)
    destroy = commands.add_parser("destroy", help="remove what apply created (asks first)")
    destroy.add_argument("--target", help=target_help)
    destroy.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    destroy.add_argument(
        "--delete-data",
        action="store_true",
        help="aws: delete the bucket with its data (without it, a bucket holding data "
        "stops the destroy before anything is removed)",
    )
    destroy.add_argument(
        "--wait",
        type=float,
        default=provision.DESTROY_WAIT_SECONDS,
        metavar="SECONDS",
        help="how long to wait for a running ingest to finish before refusing "
        f"(default {provision.DESTROY_WAIT_SECONDS:.0f})",
    )
    load = commands.add_parser("ingest", help="load NBA data into the lake")
    load.add_argument(
        "--source", default="sample", help="sample (default), nbastats, sportsdata or file"
    )
    load.add_argument(
        "--dataset",
        default="all",
        help="all, or players, teams, player_season_stats, games, player_game_stats "
        "(comma-separated)",
    )
    load.add_argument(
        "--season",
        help="2025, 2021-2025 or all (default: every sample season, or the current season; "
        "games and box scores continue from where the last load stopped)",
    )
    load.add_argument("--since", help="games and box scores: first day to load (YYYY-MM-DD)")
    load.add_argument("--until", help="games and box scores: last day to load (default today)")
    load.add_argument(
        "--full-refresh",
        action="store_true",
        help="games and box scores: reload whole seasons, ignoring the watermark, and drop "
        "days the source no longer has",
    )
    load.add_argument(
        "--lookback-days",
        type=int,
        default=DEFAULT_LOOKBACK_DAYS,
        help="days before the watermark fetched again, for late corrections "
        f"(default {DEFAULT_LOOKBACK_DAYS})",
    )
    load.add_argument(
        "--as-of", help="sample source: the league's date; only games played by then exist"
    )
    load.add_argument(
        "--sample-seasons", help="sample source: the seasons it has (default 2021-2025)"
    )
    load.add_argument("--file", dest="location", help="file source: a CSV/JSON/NDJSON path or URL")
    load.add_argument("--table", help="file source: the table name to register")
    load.add_argument("--scale", type=int, default=1, help="sample source: size multiplier")
    load.add_argument(
        "--max-reject-ratio",
        type=float,
        default=DEFAULT_MAX_REJECT_RATIO,
        help="fail without publishing when more records are rejected "
        f"(default {DEFAULT_MAX_REJECT_RATIO})",
    )
    sql = commands.add_parser("query", help="run Athena SQL on the lake (DuckDB locally)")
    sql.add_argument("sql", help="one or more statements; - reads them from stdin")
    sql.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="table (default), csv, or json (one object per line)",
    )
    sql.add_argument("--output", help="write the result to this file (.csv, .parquet, .json)")
    sql.add_argument(
        "--chart",
        nargs="?",
        const="auto",
        metavar="SPEC",
        help="draw the result as a chart instead of a table: the chart its shape suggests, "
        'or KIND (line, bar, scatter, histogram) and columns: "line x=season y=ppg group=team"',
    )
    sql.add_argument(
        "--dry-run",
        action="store_true",
        help="run nothing: print the most each statement would scan and what Athena would bill",
    )
    sql.add_argument(
        "--timeout",
        help="cancel a statement running longer (90s, 30m, 1h; "
        "default $NBA_LAKE_QUERY_TIMEOUT or 30m)",
    )
    sql.add_argument(
        "--verbose", action="store_true", help="on an error, also show the SQL the local engine ran"
    )
    overview = commands.add_parser(
        "status", help="every table: rows, size, partitions, freshness, last ingest, rejects"
    )
    overview.add_argument("--json", action="store_true", help="print JSON for scripts")
    commands.add_parser(
        "check",
        help="verify every object the tables read exists with its recorded size and checksum",
    )
    listing = commands.add_parser("tables", help="list databases, tables and columns")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    scheduled = commands.add_parser(
        "schedule", help="aws: the scheduled ingestion (enable_schedule): status, run a job now"
    )
    actions = scheduled.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("status", help="schedules, their last runs and what they landed")
    run_now = actions.add_parser("run", help="start a scheduled job now, with its own event")
    run_now.add_argument("job", help="the job's name (schedule_jobs in Terraform)")
    return parser


def run(args: argparse.Namespace, console: Console) -> None:
    settings = Settings.from_env(target=getattr(args, "target", None), lake_home=args.lake_home)
    if args.command == "apply":
        provision.apply(settings, console, yes=args.yes)
    elif args.command == "plan":
        provision.plan(settings, console)
    elif args.command == "destroy":
        provision.destroy(
            settings, console, yes=args.yes, delete_data=args.delete_data, wait_seconds=args.wait
        )
    elif args.command == "ingest":
        ingest.ingest(
            settings,
            console,
            IngestOptions(
                source=args.source,
                dataset=args.dataset,
                season=args.season,
                max_reject_ratio=args.max_reject_ratio,
                location=args.location,
                table=args.table,
                scale=args.scale,
                since=args.since,
                until=args.until,
                full_refresh=args.full_refresh,
                lookback_days=args.lookback_days,
                as_of=args.as_of,
                sample_seasons=args.sample_seasons,
            ),
        )
    elif args.command == "query":
        query.run_query(
            settings,
            console,
            args.sql,
            fmt=args.format,
            output=args.output,
            chart=args.chart,
            dry=args.dry_run,
            timeout=parse_timeout(args.timeout) if args.timeout else None,
            verbose=args.verbose,
        )
    elif args.command == "status":
        status.show_status(settings, console, as_json_output=args.json)
    elif args.command == "check":
        check.check(settings, console)
    elif args.command == "tables":
        tables.show_tables(settings, console, as_json=args.json)
    elif args.command == "schedule" and args.action == "status":
        schedule.show_status(settings, console)
    elif args.command == "schedule":
        schedule.run_job(settings, console, args.job)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        # Piped output (logs, CI, scripts) is not wrapped at 80 columns.
        run(args, Console() if sys.stdout.isatty() else Console(width=160))
    except LakeError as err:
        print(f"nba-lake: error: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"nba-lake: error: {err.strerror or err}: {err.filename or ''}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("nba-lake: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
