"""Who a quote's attribution names: the speaker a subject of a speech verb stands for, written before
the verb ('Mr Brown said'), after it ('said Mr Brown'), as a pronoun or a role ('he', 'the minister')."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from .quote_article import QuotedArticle
from .quote_cues import (
    DEFINITE,
    GROUP_PRONOUNS,
    INDEFINITE,
    NOT_BEFORE_A_SUBJECT,
    ORG_NOUNS,
    PERSON_PRONOUNS,
    PREPOSITIONS,
    SPOKES,
    SUBJECT_GAP,
    UNNAMED,
)

# Whom a subject names: (name, type), None for an unnamed source ('officials said'), False for no subject.
Subject = tuple[str, str] | None | Literal[False]


class ParsedArticle(QuotedArticle):
    """A parsed article with the rules that find who its speech verbs' subjects are."""

    def subject_before(self, verb: int, floor: int, pronouns: bool = True) -> Subject:
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
            return self._named_subject(self.mention_at[j][0], self.mention(j), floor)
        if word in ("and", "but"):  # "He finished it a few months ago and says it ..."
            return self.clause_subject(floor, j)
        if self.word(verb).endswith("ing") and word != ",":  # "Doug Smith quit, claiming he was ..."
            return (
                self.last_mention(verb, ("people",), floor)
                or self.last_mention(verb, ("organizations",), floor)
                or False
            )
        if word == ",":  # an appositive: "Marcus Hawkins, editor of Digital Camera magazine, said"
            k = j - 1
            while k > floor and self.word(k) != ",":
                k -= 1
            if (
                j - 1 in self.mention_at
                and self.mention_at[j - 1][2] == "PERSON"
                and self.word(k) == ","
                and self.mention_at[j - 1][0] <= k + 3
            ):  # 'The shadow foreign secretary, Michael Ancram, welcomed'
                return self.mention(j - 1)
            found = self.subject_before(k, floor, pronouns) if self.word(k) == "," and k > floor else False
            if found is not False:
                return found
            found = self.last_mention(j, ("people",), floor)
            return found or self.last_mention(j, ("organizations", "places"), floor) or False
        if self.doc[j].text[:1].isupper() and self.doc[j].is_alpha:
            k = j
            while k > floor and self.doc[k - 1].text[:1].isupper() and self.doc[k - 1].is_alpha:
                k -= 1
            named = self.named_run(k, j + 1)
            return self._named_subject(k, named, floor) if named else self._role(j, floor)
        return self._role(j, floor)

    def clause_subject(self, start: int, end: int) -> Subject:
        """The subject opening a clause: a pronoun or a name among its first words."""
        for i in range(start, min(end, start + 4)):
            if self.word(i) in PERSON_PRONOUNS:
                return self.pronoun(i)
            if i in self.mention_at:
                return self._named_subject(i, self.mention(i), start)
        return False

    def pronoun(self, j: int) -> tuple[str, str] | None:
        """'he' or 'she': whom the sentence or two before report as speaking, when a person or a
        spokesman ('A Labour spokesman denied it. "...," he said.'); else the last person named."""
        here = self.sentence[j]
        for back in (1, 2):
            speaker = self.speaker_of_sentence(here - back, j, pronouns=False)
            if speaker and speaker[1] == "people":
                return speaker
            if speaker is not False and self.says_a_spokesman(here - back, j):
                return speaker  # the organization's, or nobody named
        return self.salient_person(j)

    def says_a_spokesman(self, number: int, before: int) -> bool:
        i = before - 1
        while i >= 0 and self.sentence[i] >= number:
            if self.sentence[i] == number and self.word(i) in SPOKES | {"official", "source"}:
                return True
            i -= 1
        return False

    def _named_subject(self, start: int, found: tuple[str, str] | None, floor: int) -> tuple[str, str] | None:
        """A name (`found`, from token `start`) right before the verb. An organization after a person's
        name and a comma or 'of' is the person's employer ('Paul Johnston of the Nebraska Livestock
        Feeders Association said', 'Adam Thomas, an analyst at research firm Informa Media, believes'):
        the person speaks, unless a spokesman does ('a spokesman for Microsoft said')."""
        if found and found[1] == "people" and self.word(start - 1) not in PREPOSITIONS:
            return found
        low = max(floor, start - 15)
        i = start - 1
        while i >= low and i not in self.mention_at:
            if self.is_verb(i) or self.word(i) in SPOKES | {"that", "and", "but", "while", "as", "when"}:
                return found
            i -= 1
        person = self.mention(i) if i >= low else None
        if person and person[1] == "people" and self.word(self.mention_at[i][1]) in (",", "of", "at", "from", "for"):
            return person
        return found

    def _role(self, j: int, floor: int) -> Subject:
        """The noun phrase ending at `j`: 'a spokesman', 'officials' (nobody named), 'a BBC
        spokeswoman' (the BBC), 'the company' (the last organization named), 'the minister' or 'the
        29-year-old' (the last person named); False when it is no subject."""
        if not self.doc[j].is_alpha:
            return False
        head, k = self.word(j), j
        while k > max(floor, j - 5) and self.word(k - 1) not in DEFINITE | INDEFINITE | {",", ";"}:
            k -= 1
        determiner = self.word(k - 1) if k > floor else ""
        if head in SPOKES | UNNAMED:
            named: list[tuple[str, str] | None] = [
                m for m in (self.mention(i) for i in range(k, j) if i in self.mention_at) if m and m[1] != "people"
            ]
            if not named and k < j and self.doc[k].text[:1].isupper():
                named = [self.named_run(k, j)]
            return named[0] if named and named[0] else None
        if determiner in INDEFINITE:
            return None  # 'a fan', 'one player'
        if determiner in DEFINITE:
            return self.last_mention(k - 1, ("organizations",)) if head in ORG_NOUNS else self.salient_person(k - 1)
        return False

    def salient_person(self, j: int) -> tuple[str, str] | None:
        """Whom 'the minister' or 'he' stands for: of the people named in the last three sentences, the
        one named most often so far, two more for opening a sentence (its subject: 'Roddick was left
        frustrated', not 'where George Bush opposed it'); the nearer on a tie."""
        here, window = self.sentence[j], self.sentence_start(j, back=2)
        counts: Counter = Counter()
        near: dict[tuple[str, str], int] = {}
        for start, person in self.people_mentions():
            if start >= j:
                break
            counts[person] += 1
            if start >= window:
                near[person] = start
        if not near:
            return self.last_mention(j, ("people",))
        for number in range(here - 2, here + 1):
            leading = self.leading_person(number, j)
            if leading in near:
                counts[leading] = min(counts[leading], 3) + 2
        return max(near, key=lambda person: (min(counts[person], 3), near[person]))

    def subject_after(self, verb: int, end: int) -> Subject:
        """The speaker written after a verb that comes first: 'said Mr Brown', 'according to X', 'said
        the committee chairman, MP Edward Leigh', 'said the American', 'said Swiss Re'."""
        i = verb + (2 if self.word(verb) == "according" else 1)
        for k in range(i, min(end, i + 8)):
            if k in self.mention_at and self.mention_at[k][2] == "PERSON":
                return self.mention(k)
        for k in range(i, min(end, i + 4)):
            if k in self.mention_at:
                after = self.mention_at[k][1]
                if self.word(after) in ("'s", "'", "’s") and self.doc[min(after + 1, end - 1)].text[:1].isupper():
                    return self.named_run(after + 1, end) or self.mention(k)  # "said Sky Networks' Sophie Turner Laing"
                return self.mention(k)
        if i < end and self.doc[i].text[:1].isupper():
            return self.named_run(i, end) or False
        k = i
        while k < min(end, i + 5) and self.doc[k].is_alpha and self.word(k) not in PREPOSITIONS:
            k += 1
        return self._role(k - 1, i) if k > i else False

    def speaker_of_sentence(self, number: int, before: int, pronouns: bool = True) -> Subject:
        """Who sentence `number` (before token `before`) reports as speaking ('Mr Rees said.'), or False."""
        i = before - 1
        while i >= 0 and self.sentence[i] > number:
            i -= 1
        end = i + 1
        while i >= 0 and self.sentence[i] == number:
            i -= 1
        start = i + 1
        for verb in range(start, end):  # the first: 'X said its figures suggested ...'
            if self.quoted[verb] or not self.is_verb(verb):
                continue
            if self.word(verb) == "according":
                return self.subject_after(verb, end)
            speaker = (
                False if verb == start or self._inverted(verb, start) else self.subject_before(verb, start, pronouns)
            )
            if speaker is False and (verb == start or not self.doc[verb - 1].is_alpha):
                speaker = self.subject_after(verb, end)
            if speaker is not False:
                return speaker
        return False

    def _inverted(self, verb: int, start: int) -> bool:
        """'Lycos did not want that, said Mr Pollmann.': the subject after the verb (not 'Marcus
        Hawkins, editor of Digital Camera, said Google ...')."""
        following = self.word(verb + 1)
        named = (verb + 1 in self.mention_at and self.mention_at[verb + 1][2] == "PERSON") or following in (
            "mr",
            "mrs",
            "ms",
            "dr",
            "the",
        )
        return (
            self.word(verb - 1) == ","
            and named
            and not (start in self.mention_at and self.word(self.mention_at[start][1]) == ",")
        )

    def leading_person(self, number: int, before: int) -> tuple[str, str] | None:
        """The person named first in sentence `number`, when it opens it ('US coach Patrick McEnroe wants ...')."""
        i = before - 1
        while i > 0 and self.sentence[i - 1] >= number:
            i -= 1
        for k in range(i, min(i + 6, before)):
            if self.sentence[k] != number or self.word(k) in NOT_BEFORE_A_SUBJECT or self.is_verb(k):
                return None
            if k in self.mention_at and self.mention_at[k][2] == "PERSON":
                return self.mention(k)
        return None
