"""Where records come from: the offline sample league, SportsData.io, or a user's file."""
