"""Full names the model left untagged, where the words around make them people."""

from __future__ import annotations

from collections.abc import Iterator

from .gazetteer import is_place
from .names import HONORIFICS
from .not_entities import english_word
from .span_tools import with_label
from .spans import LIST_SEPARATORS

NAME_OPENERS = HONORIFICS | {"Lord", "Lady", "Baroness"}  # may open an untagged name


def _name_run(doc, start: int) -> int:
    """The end of a run of up to three capitalised words that the model left untagged."""
    end = start
    while (
        end < len(doc)
        and end - start < 3
        and doc[end].is_title
        and not doc[end].ent_type_
        and doc[end].text.replace("-", "").replace("'", "").isalpha()
    ):
        end += 1
    return end


def _person_at(doc, i: int) -> bool:
    return 0 <= i < len(doc) and doc[i].ent_type_ == "PERSON"


def untagged_people(doc) -> Iterator:
    """Full names the model left out, where the words around make them people: an item of a list of
    people ("Haralabos Hrisanthakis, Stilianos Perakis and Ioannis Karmis") or a name followed by
    ", who". Two or three capitalised words, the first no very common English word ("Then Bowyer",
    "Finding Neverland") unless an honorific, the last no English word, no known place."""
    i = 0
    while i < len(doc):
        if doc[i].ent_type_ or not doc[i].is_title or (i > 0 and doc[i - 1].is_title and not doc[i - 1].ent_type_):
            i += 1
            continue
        end = _name_run(doc, i)
        opening = doc[i].text in NAME_OPENERS or not english_word(doc[i].lower_, common=True)
        if (
            end - i >= 2
            and opening
            and not english_word(doc[end - 1].lower_)
            and not is_place(doc[i:end].text)
            and (i == 0 or doc[i - 1].lower_ != "the")
            and _person_context(doc, i, end)
        ):
            yield with_label(doc, i, end, "PERSON")
        i = max(end, i + 1)


def _person_context(doc, start: int, end: int) -> bool:
    before = doc[start - 1].text if start > 0 else ""
    after = doc[end].text if end < len(doc) else ""
    if before in LIST_SEPARATORS and _person_at(doc, start - 2):
        return True
    if after in LIST_SEPARATORS and _person_at(doc, end + 1):
        return True
    return after == "," and end + 1 < len(doc) and doc[end + 1].lower_ == "who"
