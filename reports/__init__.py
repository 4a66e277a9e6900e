"""Reports: journal + scorecard -> post-mortem view-model -> HTML / Markdown / PDF / JSON."""
