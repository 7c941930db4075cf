"""`nba-lake apply / plan / destroy` for both targets."""
