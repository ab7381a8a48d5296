"""Blueprint /corrections: editors correct entities from the entity page's form and undo them from
the list of corrections, with a write key typed into the form (no JavaScript), through the same
corrector as POST /api/corrections."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from marshmallow import ValidationError

from ..entities.corrections import ACTIONS, TARGET, CorrectionRefused
from .auth import require_key
from .correction_schemas import CorrectionRequest
from .corrections_api import refused
from .errors import ApiError
from .services import api_keys, engine, indexer

bp = Blueprint("editing", __name__)


def writes_allowed() -> bool:
    """Whether this service takes corrections (a key is set and it is no read-only replica)."""
    return bool(api_keys()) and not current_app.config["READ_ONLY"]


@bp.app_context_processor
def helpers():
    return {"corrections_allowed": writes_allowed, "correction_actions": ACTIONS}


@bp.get("/corrections")
def corrections_page():
    return render_template("corrections.html", corrections=indexer().corrector.corrections(), args=None)


@bp.post("/corrections")
def correct_from_form():
    """The entity page's form: one field, `target`, is the name the action needs (or `to_type`)."""
    form = request.form
    require_key(form.get("key", ""))
    asked = {key: form.get(key, "") for key in ("type", "name", "action", "note")}
    needed = TARGET.get(asked["action"])
    if needed:
        asked[needed] = form.get("to_type" if needed == "to_type" else "target", "")
    try:
        stored, _ = indexer().corrector.correct(CorrectionRequest().load(asked))
    except ValidationError as error:
        raise ApiError(422, "invalid correction", error.messages) from None
    except CorrectionRefused as error:
        raise refused(error) from None
    if stored.action == "hide":
        return redirect(url_for("editing.corrections_page"), 303)
    name = {"merge": stored.into, "rename": stored.to}.get(stored.action, stored.name)
    with engine().session() as session:
        kind = session.names.kinds.get(name, stored.to_type or stored.type)
    return redirect(url_for("pages.entity_page", kind=kind, name=name), 303)


@bp.post("/corrections/<int:correction_id>/undo")
def undo_from_form(correction_id: int):
    require_key(request.form.get("key", ""))
    removed, _ = indexer().corrector.undo(correction_id)
    if removed is None:
        raise ApiError(404, f"no correction numbered {correction_id}")
    return redirect(url_for("editing.corrections_page"), 303)
