"""searchsvc: full-text and entity search over news archives."""
