"""An article as the quote rules read it: tokens, sentences, the names that may speak and the quoted
spans, in token positions."""

from __future__ import annotations

from bisect import bisect_right

from ..ingest.articles import Entities
from .quote_cues import SPEECH_VERBS, SpeakerNames

SENTENCE_END = {".", "?", "!"}
SPEAKER_LABELS = {"PERSON", "ORG", "GPE"}


class QuotedArticle:
    """One parsed article: tokens, sentences, speaker mentions and quoted spans, in token positions."""

    def __init__(self, doc, entities: Entities, spans: list[tuple[int, int, list[int]]]):
        self.doc, self.names, self.spans = doc, SpeakerNames(entities), spans
        self.starts = [token.idx for token in doc]
        self.quoted = [False] * len(doc)
        self.marks = []  # (opening mark token, closing mark token) per span
        for start, end, _ in self.spans:
            first, last = self.token_at(start - 1), self.token_at(end)
            self.marks.append((first, last))
            for i in range(first, last + 1):
                self.quoted[i] = True
        self.mention_at: dict[int, tuple] = {}  # token -> (start, end, label) of its entity span
        for ent in doc.ents:
            if ent.label_ in SPEAKER_LABELS and not self.quoted[ent.start]:
                for i in range(ent.start, ent.end):
                    self.mention_at[i] = (ent.start, ent.end, ent.label_)
        self.sentence = self._sentences()
        self._people: list | None = None

    def token_at(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)

    def _sentences(self) -> list[int]:
        """The sentence number of each token; a quoted span is part of the sentence around it."""
        doc, numbers, current = self.doc, [], 0
        ends_at = {last for _, last in self.marks}
        for i, token in enumerate(doc):
            numbers.append(current)
            following = doc[i + 1] if i + 1 < len(doc) else None
            if token.is_space and "\n" in token.text and not self.quoted[i]:
                current += 1
            elif (
                following is not None
                and not self.quoted[i]
                and token.text in SENTENCE_END
                or i in ends_at
                and following is not None
                and doc[i - 1].text in SENTENCE_END
            ):
                current += following.is_space or following.text[:1].isupper() or following.text in '"\u201c'
        return numbers

    def word(self, i: int) -> str:
        return self.doc[i].text.lower() if 0 <= i < len(self.doc) else ""

    def is_verb(self, i: int) -> bool:
        word = self.word(i)
        if word == "according":
            return self.word(i + 1) == "to"
        return word in SPEECH_VERBS and self.word(i - 1) not in ("the", "a", "an", "his", "her", "their", "its")

    def mention(self, i: int) -> tuple[str, str] | None:
        start, end, label = self.mention_at[i]
        return self.names.resolve(self.doc[start:end].text, label)

    def last_mention(self, before: int, kinds: tuple[str, ...], floor: int = 0) -> tuple[str, str] | None:
        """The nearest named speaker of one of `kinds` before token `before`, outside quotes."""
        i = before - 1
        while i >= floor:
            if i in self.mention_at:
                found = self.mention(i)
                if found and found[1] in kinds:
                    return found
                i = self.mention_at[i][0]
            i -= 1
        return None

    def named_run(self, start: int, end: int) -> tuple[str, str] | None:
        """A run of capitalised words from `start` (a name the model missed: 'said Dominici')."""
        i = start
        while i < end and self.doc[i].text[:1].isupper() and self.doc[i].is_alpha:
            i += 1
        return self.names.resolve(self.doc[start:i].text) if i > start else None

    def people_mentions(self) -> list[tuple[int, tuple[str, str]]]:
        """(first token, (name, type)) of each mention of a person outside quotes, in order."""
        if self._people is None:
            starts = sorted({start for start, _, label in self.mention_at.values() if label == "PERSON"})
            self._people = [
                (start, found) for start in starts if (found := self.mention(start)) and found[1] == "people"
            ]
        return self._people

    def sentence_start(self, i: int, back: int = 0) -> int:
        wanted = self.sentence[i] - back
        while i > 0 and self.sentence[i - 1] >= wanted:
            i -= 1
        return i

    def sentence_end(self, i: int) -> int:
        while i + 1 < len(self.doc) and self.sentence[i + 1] == self.sentence[i]:
            i += 1
        return i + 1
