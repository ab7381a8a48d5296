"""marshmallow schemas of editors' corrections: the request that makes one, and the stored one."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, post_load, validate

from ..entities.corrections import ACTIONS, MAX_NAME, MAX_NOTE, Correction
from ..ingest.articles import ENTITY_TYPES

NAME_LENGTH = validate.Length(min=1, max=MAX_NAME)


class CorrectionRequest(Schema):
    """A correction as an editor sends it: which name, what to do, and the one field the action needs."""

    class Meta:
        unknown = RAISE

    type = fields.String(required=True, validate=validate.OneOf(ENTITY_TYPES))
    name = fields.String(required=True, validate=NAME_LENGTH)
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    into = fields.String(
        metadata={"description": "merge: the entity the name is another way of writing"}, validate=NAME_LENGTH
    )
    to = fields.String(
        metadata={"description": "rename: the entity's new name (the old one stays an alias)"}, validate=NAME_LENGTH
    )
    to_type = fields.String(validate=validate.OneOf(ENTITY_TYPES), metadata={"description": "retype: the new type"})
    alias = fields.String(
        metadata={"description": "detach: the alias that is an entity of its own"}, validate=NAME_LENGTH
    )
    note = fields.String(load_default="", validate=validate.Length(max=MAX_NOTE))

    @post_load
    def make(self, data: dict, **_) -> Correction:
        return Correction(**data)


class CorrectionSchema(CorrectionRequest):
    """A stored correction: the request with its number and time."""

    id = fields.Integer()
    time = fields.String(metadata={"description": "when it was made (UTC, ISO 8601)"})
    rewritten = fields.Integer(metadata={"description": "articles rewritten to apply it (when it was made)"})


class CorrectionListSchema(Schema):
    corrections = fields.List(fields.Nested(CorrectionSchema))
