"""Charts of query results, UI-free: what to draw (`propose`), how much (`prepare`) and the
drawing itself on any plotext figure (`draw`), so `nba-lake query --chart` and the
workbench draw the same chart from the same rules."""
