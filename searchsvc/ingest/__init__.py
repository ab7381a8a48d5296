"""Articles from files: the Article record, dates, one reader per input format, source manifests."""
