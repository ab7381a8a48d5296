"""The plain data the schemas dump: a page's JSON shape lives in the search layer, shared with the CLI."""

from __future__ import annotations

from ..search.page_json import built_at, hit_data, page_data

__all__ = ["built_at", "hit_data", "page_data"]
