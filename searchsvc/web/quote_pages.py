"""Blueprint /quotes: who said what, on a page (no JavaScript), through the same read session as
GET /api/quotes."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, render_template, request, url_for

from .pages import FILTER_PARAMS, page_numbers
from .quote_schemas import QuoteArgs
from .quotes_api import quotes_page
from .services import engine

bp = Blueprint("quoting", __name__)


@bp.get("/quotes")
def quotes_search_page():
    wanted = QuoteArgs().load(request.args)  # errors: the API's message as an HTML 400
    with engine().session() as session:
        found = quotes_page(session, wanted)
    params = [(key, value) for key, value in request.args.items(multi=True) if key != "page" and value]
    active = [
        (param, value)
        for param, values in (
            ("speaker", wanted.speakers),
            *((p, getattr(wanted, kind)) for kind, p in FILTER_PARAMS.items()),
        )
        for value in values
    ]
    pages = -(-found.total // wanted.per_page)
    return render_template(
        "quotes.html",
        found=found,
        wanted=wanted,
        args=None,
        active=active,
        pages=pages,
        page_numbers=page_numbers(found.page, pages),
        link=lambda **change: url_for("quoting.quotes_search_page") + "?" + urlencode(_changed(params, change)),
        export=lambda fmt: url_for("quotes.export_quotes") + "?" + urlencode([*params, ("format", fmt)]),
    )


def _changed(params: list[tuple[str, str]], change: dict) -> list[tuple[str, str]]:
    """The page's parameters with `add_<param>` added, `remove_<param>` removed, others replaced."""
    kept = list(params)
    for key, value in change.items():
        if key.startswith("remove_"):
            kept = [(k, v) for k, v in kept if (k, v) != (key[7:], value)]
        elif key.startswith("add_"):
            kept.append((key[4:], value))
        else:
            kept = [(k, v) for k, v in kept if k != key] + ([(key, str(value))] if value is not None else [])
    return kept
