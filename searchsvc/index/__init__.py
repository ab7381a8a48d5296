"""The Whoosh index: schema, analysis, crash-safe generations, the edits journal, rebuild/sync/add/delete."""
