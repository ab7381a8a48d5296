"""An article as the quote rules read it: tokens, sentences, the names that may speak, quoted spans,
and the speaker a subject of a speech verb stands for."""
from __future__ import annotations

from bisect import bisect_right

from ..ingest.articles import Entities
from .quote_cues import (DEFINITE, GROUP_PRONOUNS, INDEFINITE, ORG_NOUNS, PERSON_PRONOUNS, PREPOSITIONS,
                         SPEECH_VERBS, SPOKES, SUBJECT_GAP, UNNAMED, SpeakerNames)

SENTENCE_END = {".", "?", "!"}
SPEAKER_LABELS = {"PERSON", "ORG", "GPE"}


class ParsedArticle:
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
            elif following is not None and not self.quoted[i] and token.text in SENTENCE_END:
                current += following.is_space or following.text[:1].isupper() or following.text in '"\u201c'
            elif i in ends_at and following is not None and doc[i - 1].text in SENTENCE_END:
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

    # -- who is the subject of a speech verb --------------------------------------------------------

    def subject_before(self, verb: int, floor: int, pronouns: bool = True) -> tuple[str, str] | None | bool:
        """The speaker a subject written before `verb` names: a name, a pronoun, a role ('the
        minister', 'a BBC spokeswoman'); None for an unnamed one ('officials'); False for no subject."""
        j = verb - 1
        while j > floor and self.word(j) in SUBJECT_GAP:
            j -= 1
        if j < floor:
            return False
        word = self.word(j)
        if word in PERSON_PRONOUNS:
            return self.pronoun(j) if pronouns else self.last_mention(j, ("people",))
        if word in GROUP_PRONOUNS:
            return self.last_mention(j, ("organizations", "places"), floor=self.sentence_start(j, back=2))
        if j in self.mention_at:
            return self._named_subject(j, floor)
        if self.word(verb).endswith("ing") and word != ",":  # "Doug Smith quit, claiming he was ..."
            return self.last_mention(verb, ("people",), floor) or self.last_mention(verb, ("organizations",), floor) or False
        if word == ",":  # an appositive: "Marcus Hawkins, editor of Digital Camera magazine, said"
            k = j - 1
            while k > floor and self.word(k) != ",":
                k -= 1
            found = self.subject_before(k, floor, pronouns) if self.word(k) == "," and k > floor else False
            if found is not False:
                return found
            found = self.last_mention(j, ("people",), floor)
            return found or self.last_mention(j, ("organizations", "places"), floor) or False
        if self.doc[j].text[:1].isupper() and self.doc[j].is_alpha:
            k = j
            while k > floor and self.doc[k - 1].text[:1].isupper() and self.doc[k - 1].is_alpha:
                k -= 1
            return self.named_run(k, j + 1) or self._role(j, floor)
        return self._role(j, floor)

    def pronoun(self, j: int) -> tuple[str, str] | None:
        """'he' or 'she': whom the sentence or two before report as speaking, when a person or a
        spokesman ('A Labour spokesman denied it. "...," he said.'); else the last person named."""
        here = self.sentence[j]
        for back in (1, 2):
            speaker = self.speaker_of_sentence(here - back, j, pronouns=False)
            if speaker is None or speaker and speaker[1] == "people":
                return speaker
            if speaker and self.says_a_spokesman(here - back, j):
                return speaker
        return self.last_mention(j, ("people",))

    def says_a_spokesman(self, number: int, before: int) -> bool:
        i = before - 1
        while i >= 0 and self.sentence[i] >= number:
            if self.sentence[i] == number and self.word(i) in SPOKES:
                return True
            i -= 1
        return False

    def _named_subject(self, j: int, floor: int) -> tuple[str, str] | None:
        """A name right before the verb; after 'of' or 'for' it is the employer ('Paul Johnston of the
        Nebraska Livestock Feeders Association said'): the person before it, or the organization when
        the one speaking is its spokesman."""
        start = self.mention_at[j][0]
        if self.word(start - 1) in ("of", "for", "at", "from") or self.word(start - 2) in ("of", "for", "at"):
            person = self.last_mention(start, ("people",), max(floor, start - 12))
            if person:
                return person
            phrase = {self.word(k) for k in range(max(floor, start - 4), start)}
            if not phrase & (SPOKES | UNNAMED):
                return self.mention(j)
        return self.mention(j)

    def _role(self, j: int, floor: int) -> tuple[str, str] | None | bool:
        """'the minister' (the last person named), 'the company' (the last organization), 'a
        spokesman' or 'officials' (nobody named), 'a BBC spokeswoman' (the BBC)."""
        head = self.word(j)
        k = j
        while k > max(floor, j - 5) and self.word(k - 1) not in DEFINITE | INDEFINITE and self.word(k - 1) not in (",", ";"):
            k -= 1
        determiner = self.word(k - 1)
        inside = [self.mention(i) for i in range(k, j) if i in self.mention_at]
        if determiner in INDEFINITE or head in UNNAMED or head.endswith("s") and determiner not in DEFINITE:
            if head in SPOKES | UNNAMED:
                named = [m for m in inside if m and m[1] != "people"]
                if not named and k < j and self.doc[k].text[:1].isupper():
                    named = [self.named_run(k, j)]
                return named[0] if named and named[0] else None
            return False if determiner not in INDEFINITE else None
        if determiner in DEFINITE and self.doc[j].is_alpha:
            if head in ORG_NOUNS:
                return self.last_mention(k - 1, ("organizations",))
            if head in SPOKES:
                return None
            return self.last_mention(k - 1, ("people",))
        return False

    def subject_after(self, verb: int, end: int) -> tuple[str, str] | None | bool:
        """The speaker written after a verb that comes first: 'said Mr Brown', 'according to X', 'said
        the committee chairman, MP Edward Leigh', 'said the American', 'said Swiss Re'."""
        i = verb + (2 if self.word(verb) == "according" else 1)
        for k in range(i, min(end, i + 8)):
            if k in self.mention_at and self.mention_at[k][2] == "PERSON":
                return self.mention(k)
        for k in range(i, min(end, i + 4)):
            if k in self.mention_at:
                return self.mention(k)
        if i < end and self.doc[i].text[:1].isupper():
            return self.named_run(i, end) or False
        k = i
        while k < min(end, i + 5) and self.doc[k].is_alpha and self.word(k) not in PREPOSITIONS:
            k += 1
        return self._role(k - 1, i) if k > i else False

    def sentence_start(self, i: int, back: int = 0) -> int:
        wanted = self.sentence[i] - back
        while i > 0 and self.sentence[i - 1] >= wanted:
            i -= 1
        return i

    def sentence_end(self, i: int) -> int:
        while i + 1 < len(self.doc) and self.sentence[i + 1] == self.sentence[i]:
            i += 1
        return i + 1

    def speaker_of_sentence(self, number: int, before: int, pronouns: bool = True) -> tuple[str, str] | None | bool:
        """Who sentence `number` (before token `before`) reports as speaking ('Mr Rees said.'), or False."""
        i = before - 1
        while i >= 0 and self.sentence[i] > number:
            i -= 1
        end = i + 1
        while i >= 0 and self.sentence[i] == number:
            i -= 1
        start = i + 1
        for verb in range(end - 1, start - 1, -1):
            if self.quoted[verb] or not self.is_verb(verb):
                continue
            if self.word(verb) == "according":
                return self.subject_after(verb, end)
            speaker = self.subject_before(verb, start, pronouns) if verb > start else False
            if speaker is False and (verb == start or not self.doc[verb - 1].is_alpha):
                speaker = self.subject_after(verb, end)
            if speaker is not False:
                return speaker
        return False

    def leading_person(self, number: int, before: int) -> tuple[str, str] | None:
        """The person named first in sentence `number`, when it opens it ('US coach Patrick McEnroe wants ...')."""
        i = before - 1
        while i > 0 and self.sentence[i - 1] >= number:
            i -= 1
        for k in range(i, min(i + 6, before)):
            if self.sentence[k] == number and k in self.mention_at and self.mention_at[k][2] == "PERSON":
                return self.mention(k)
        return None
