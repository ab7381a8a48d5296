"""A list of rows as a streamed CSV or JSON Lines download: the article export's and the quotes'."""

from __future__ import annotations

from flask import Response, current_app, stream_with_context

from ..search import export

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def export_response(
    rows: list[dict],
    export_format: str,
    total: int,
    filename: str,
    what: str,
    columns: tuple[str, ...] = export.COLUMNS,
) -> Response:
    """Rows streamed as a CSV or JSON Lines download; X-Total-Count says how many matched, and
    X-Export-Truncated when SEARCHSVC_EXPORT_LIMIT cut the list."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}.{export_format}"', "X-Total-Count": str(total)}
    if total > len(rows):
        cap = current_app.config["EXPORT_LIMIT"]
        headers["X-Export-Truncated"] = f"{len(rows)} of {total} {what} (SEARCHSVC_EXPORT_LIMIT={cap})"
    lines = stream_with_context(export.lines(rows, export_format, columns))
    return Response(lines, content_type=CONTENT_TYPES[export_format], headers=headers)
