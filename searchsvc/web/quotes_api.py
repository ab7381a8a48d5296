"""Blueprint /api/quotes: who said what, searched by the quote's words (thin over the read session)."""

from __future__ import annotations

from flask import Blueprint, current_app, request
from marshmallow import RAISE

from ..search import export
from ..search.quotes import QuoteQueryError, page_as_json
from .downloads import export_response
from .errors import ApiError
from .quote_schemas import QuoteArgs, QuoteExportArgs, QuotePageSchema
from .services import engine

bp = Blueprint("quotes", __name__, url_prefix="/api")
QUOTE_ARGS, QUOTE_EXPORT_ARGS, QUOTE_PAGE = QuoteArgs(unknown=RAISE), QuoteExportArgs(unknown=RAISE), QuotePageSchema()


@bp.get("/quotes")
def search_quotes():
    """Quotes ranked by their words (BM25), newest first without words, with a speaker facet.
    ---
    get:
      parameters: [{in: query, schema: QuoteArgs}]
      responses:
        200: {description: OK, content: {application/json: {schema: QuotePageSchema}}}
        400: Error
        503: Error
    """
    wanted = QUOTE_ARGS.load(request.args)
    with engine().session() as session:
        found = quotes_page(session, wanted)
    return QUOTE_PAGE.dump(page_as_json(wanted, found))


@bp.get("/quotes/export")
def export_quotes():
    """Every matching quote (up to SEARCHSVC_EXPORT_LIMIT) as CSV or JSON Lines.
    ---
    get:
      parameters: [{in: query, schema: QuoteExportArgs}]
      responses:
        200:
          description: The quotes, one per row; X-Total-Count says how many matched
          content: {text/csv: {schema: {type: string}}, application/x-ndjson: {schema: {type: string}}}
        400: Error
        503: Error
    """
    wanted, export_format = QUOTE_EXPORT_ARGS.load(request.args)
    with engine().session() as session:
        found = quotes_page(session, wanted, current_app.config["EXPORT_LIMIT"])
    return export_response(
        [export.quote_row(hit) for hit in found.hits],
        export_format,
        found.total,
        "searchsvc-quotes",
        "quotes",
        export.QUOTE_COLUMNS,
    )


def quotes_page(session, wanted, limit: int | None = None):
    try:
        return session.quotes(wanted, limit)
    except QuoteQueryError as error:
        raise ApiError(400, str(error), {"q": [str(error)]}) from None
