"""Board reports: what changed between two dates, the summary figures and the charts."""
