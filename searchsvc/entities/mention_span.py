"""One span of the model as the mention rules read it, the verdicts they give, and the word lists only they read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .word_lists import read_words, word_set

WORDS = read_words("mentions")
LABEL_TYPES = {"PERSON": "people", "ORG": "organizations", "GPE": "places", "LOC": "places", "FAC": "places"}
TEAM_HEADS = word_set(WORDS, "team_heads")
# Letters after a name that are no part of it ("Guy Mansfield QC", "Ann Clwyd MP").
POST_NOMINALS = {"QC", "KC", "MP", "MEP", "MSP", "AM", "OBE", "CBE", "MBE", "KBE", "DBE", "PhD"}
PARTY_WORDS = word_set(WORDS, "party_words")
PARTIES = word_set(WORDS, "parties")
VENUE_HEADS = word_set(WORDS, "venue_heads")
NAME_LABELS = {"PERSON", "ORG", "FAC", "NORP", "WORK_OF_ART", "PRODUCT"}  # not GPE/LOC, dates, numbers


SKIP = ("", "")  # a rule's verdict that the span names no entity
Found = tuple[str, str] | None  # (type, name), SKIP, or None when the rule does not apply


@dataclass(frozen=True)
class Span:
    """What every rule reads of one span of the model: the span, its text, its words folded, its type."""

    ent: Any
    text: str
    folded: list[str]
    kind: str | None

    @property
    def doc(self) -> Any:
        return self.ent.doc

    @property
    def label(self) -> str:
        return self.ent.label_

    @property
    def name(self) -> str:
        return " ".join(self.folded)
