"""Blueprint /api/corrections: editors' corrections of entities, thin over the indexer's corrector.
A correction rewrites what it changes before it answers, so the next request of every door sees it."""

from __future__ import annotations

from flask import Blueprint
from marshmallow import ValidationError

from ..entities.corrections import CorrectionRefused
from .auth import require_key
from .bodies import json_body
from .correction_schemas import CorrectionListSchema, CorrectionRequest, CorrectionSchema
from .errors import ApiError
from .services import indexer

bp = Blueprint("corrections", __name__, url_prefix="/api")


@bp.get("/corrections")
def list_corrections():
    """Editors' corrections of entities, oldest first.
    ---
    get:
      responses:
        200: {description: OK, content: {application/json: {schema: CorrectionListSchema}}}
    """
    found = indexer().corrector.corrections()
    return CorrectionListSchema().dump({"corrections": [c.as_dict() for c in found]})


@bp.post("/corrections")
def make_correction():
    """Correct an entity: merge, rename, retype, hide or detach an alias.
    ---
    post:
      security: [{bearer: []}]
      requestBody: {required: true, content: {application/json: {schema: CorrectionRequest}}}
      responses:
        201: {description: Made and applied, content: {application/json: {schema: CorrectionSchema}}}
        400: Error
        401: Error
        403: Error
        404: Error
        409: Error
        415: Error
        422: Error
        503: Error
    """
    require_key()
    try:
        asked = CorrectionRequest().load(json_body())
    except ValidationError as error:
        raise ApiError(422, "invalid correction", error.messages) from None
    try:
        stored, rewritten = indexer().corrector.correct(asked)
    except CorrectionRefused as error:
        raise refused(error) from None
    return CorrectionSchema().dump({**stored.as_dict(), "rewritten": rewritten}), 201


@bp.delete("/corrections/<int:correction_id>")
def undo_correction(correction_id: int):
    """Undo a correction: what it changed is as the corpus decided again.
    ---
    delete:
      security: [{bearer: []}]
      responses:
        204: {description: Undone}
        401: Error
        403: Error
        404: Error
        503: Error
    """
    require_key()
    removed, _ = indexer().corrector.undo(correction_id)
    if removed is None:
        raise ApiError(404, f"no correction numbered {correction_id}")
    return "", 204


def refused(error: CorrectionRefused) -> ApiError:
    details: dict[str, object] | None = {"did_you_mean": error.suggestions} if error.suggestions else None
    if error.conflicts_with is not None:
        details = {"conflicts_with": error.conflicts_with}
    return ApiError(error.status, str(error), details)
