"""Real records in: incident timelines (CSV) today, and the formats to come."""
