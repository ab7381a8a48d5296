"""Quoted phrases: the words in their order, a common word inside them standing as a gap.

The text fields drop common words ("of", "the") but keep every word's position, so "Chancellor of
the Exchequer" is indexed as chancellor at n and exchequer at n + 3. Whoosh's phrase asks for the
remaining words side by side and found nothing; here each word keeps its distance from the first, as
Lucene's phrase query keeps the stop filter's position increments. Any common word fills the gap,
as in Lucene ("Chancellor at the Exchequer" matches too).

A phrase without a field is looked for in the article's own words (title, subtitle, body), never in
the entity fields: "ray charles" in quotes means an article that writes those words.
"""

from __future__ import annotations

import copy

from whoosh import matching, qparser
from whoosh import query as wq
from whoosh.qparser import syntax
from whoosh.qparser.common import attach
from whoosh.query.spans import SpanNear2

TEXT_FIELDS = ("title", "subtitle", "body")
BEFORE_MULTIFIELD = 105  # Whoosh names fields at 100 and spreads unfielded words over fields at 110


class Phrase(wq.Phrase):
    """Words at given distances from the first (`offsets`); a `slop` over 1 lets each word stand up to
    `slop` - 1 positions nearer or farther than written."""

    def __init__(self, fieldname, words, slop=1, boost=1.0, char_ranges=None, offsets=None):
        super().__init__(fieldname, words, slop=slop, boost=boost, char_ranges=char_ranges)
        self.offsets = list(offsets) if offsets is not None else list(range(len(words)))

    def __eq__(self, other):
        return super().__eq__(other) and self.offsets == getattr(other, "offsets", None)

    def __hash__(self):
        return super().__hash__() ^ hash(tuple(self.offsets))

    def __repr__(self):
        return f"Phrase({self.fieldname!r}, {self.words!r}, offsets={self.offsets!r}, slop={self.slop})"

    def normalize(self):
        if len(self.words) <= 1:
            return super().normalize()
        return copy.copy(self)

    def gaps(self) -> list[int]:
        """How many positions each word stands after the one before it."""
        return [b - a for a, b in zip(self.offsets, self.offsets[1:])]

    def matcher(self, searcher, context=None):
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None  # noqa: SIM401 (no .get)
        if field is None:
            return matching.NullMatcher()
        if not field.format or not field.format.supports("positions"):
            raise wq.QueryError(f"Phrase search: {self.fieldname!r} field has no positions")
        reader = searcher.reader()
        terms = []
        for word in self.words:
            if (self.fieldname, field.to_bytes(word)) not in reader:
                return matching.NullMatcher()  # a word the field lacks: nothing can match
            terms.append(wq.Term(self.fieldname, word))
        found = _GappedMatcher([t.matcher(searcher, context) for t in terms], self.gaps(), self.slop)
        return matching.WrappingMatcher(found, boost=self.boost) if self.boost != 1.0 else found


class _GappedMatcher(SpanNear2.SpanNear2Matcher):
    """Whoosh's ordered span matcher, with each word at its own distance from the one before."""

    def __init__(self, ms, gaps: list[int], slop: int = 1):
        self.gaps = gaps
        super().__init__(ms, slop=slop, ordered=True, mindist=1)

    def copy(self):
        return self.__class__([m.copy() for m in self.ms], self.gaps, self.slop)

    def _get_spans(self) -> list:
        spans = self.ms[0].spans()
        for gap, matcher in zip(self.gaps, self.ms[1:]):
            if not spans:
                return []
            starting: dict[int, list] = {}
            for span in matcher.spans():
                starting.setdefault(span.start, []).append(span)
            near = range(max(1, gap - self.slop + 1), gap + self.slop)  # slop 1: exactly the gap
            spans = sorted({a.to(b) for a in spans for distance in near for b in starting.get(a.end + distance, ())})
        return spans


class PhrasePlugin(qparser.PhrasePlugin):
    """Phrases keep their words' distances; unfielded ones search the text fields only."""

    def __init__(self, fieldnames, boosts: dict[str, float]):
        super().__init__()
        self.text_fields = [name for name in fieldnames if name in TEXT_FIELDS]
        self.boosts = boosts

    class PhraseNode(qparser.PhrasePlugin.PhraseNode):
        def query(self, parser):
            fieldname = self.fieldname or parser.fieldname
            field = parser.schema[fieldname] if parser.schema and fieldname in parser.schema else None
            if field is None or not field.analyzer:
                return super().query(parser)
            tokens = [
                (t.text, t.pos, t.startchar, t.endchar)
                for t in field.tokenize(self.text, mode="query", chars=True, positions=True)
            ]
            start = self.textstartchar
            q = Phrase(
                fieldname,
                [text for text, *_ in tokens],
                slop=self.slop,
                boost=self.boost,
                char_ranges=[(start + a, start + b) for _t, _p, a, b in tokens],
                offsets=[pos - tokens[0][1] for _t, pos, *_ in tokens],
            )
            return attach(q, self)

    class PhraseTagger(qparser.PhrasePlugin.PhraseTagger):
        def create(self, parser, match):
            slop = int(match.group("slop")) if match.group("slop") else 1
            return PhrasePlugin.PhraseNode(match.group("text"), match.start("text"), slop)

    def taggers(self, parser):
        return [(self.PhraseTagger(self.expr), 0)]

    def filters(self, parser):
        return [(self.in_text_fields, BEFORE_MULTIFIELD)]

    def in_text_fields(self, parser, group):
        """An unfielded phrase becomes the same phrase in each text field searched."""
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.in_text_fields(parser, node)
            elif isinstance(node, PhrasePlugin.PhraseNode) and node.fieldname is None and self.text_fields:
                copies = []
                for name in self.text_fields:
                    fielded = copy.copy(node)
                    fielded.set_fieldname(name)
                    fielded.set_boost(self.boosts.get(name, 1.0))
                    copies.append(fielded)
                group[i] = syntax.OrGroup(copies)
        return group
