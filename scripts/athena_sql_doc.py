"""Write docs/athena-sql.md: the Trino-docs corpus run on the local engine, function by function.

Usage: .venv/bin/python scripts/athena_sql_doc.py   (tests/query_local/test_trino_docs.py
fails when the file is stale). Prints the coverage figures.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.query.local_engine import DuckDbEngine
from ingest.settings import Settings
from tests.query_local.trino_corpus import DOC_PATH, coverage, judge, load_cases, render_markdown
from tests.support.lakes import provision_local


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        lake = provision_local(
            Settings.from_env(target="local", lake_home=Path(folder) / "lake", env={})
        )
        engine = lake.target.query_engine(lake)
        assert isinstance(engine, DuckDbEngine)
        try:
            outcomes = [judge(engine, case) for case in load_cases()]
        finally:
            engine.close()
    DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
    DOC_PATH.write_text(render_markdown(outcomes), encoding="utf-8")
    counts = coverage(outcomes)
    print(f"wrote {DOC_PATH}")
    print(", ".join(f"{k}={v}" for k, v in counts.items()))
    return 1 if counts["cases_different"] else 0


if __name__ == "__main__":
    sys.exit(main())
