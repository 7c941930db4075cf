"""nba-data-lake core: settings, the outputs contract, the two lake targets and the pipeline.

Nothing in this package imports the TUI or Textual (an import-linter contract checks it),
so scripts, the CLI and the TUI all share one UI-free core.
"""

__version__ = "0.1.0"
