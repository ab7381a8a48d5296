"""One article's entities: its mentions under canonical names, aliases merged, one type per name by majority."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import Any

from ..ingest.articles import Entities
from .joined_names import ampersand_names
from .line_ups import line_up_names
from .mention import mention
from .mention_checks import in_a_work, model_after_its_maker, named_as_a_band, named_as_a_company, named_as_a_work
from .names import (
    ROYAL_TITLES,
    country,
    fold,
    initials,
    known_place,
    lone_first_names,
    merge_short_forms,
    merge_spellings,
    merge_surnames,
    party_name,
    person_name,
)
from .spans import pieces
from .untagged_names import untagged_people

MAX_WORDS = 8  # longer spans are run-on mistakes, not names


def _line_up_tokens(doc) -> set[int]:
    """The tokens of the names line-ups give: the model's spans over them are set aside."""
    return {i for _, span in line_up_mentions(doc) for i in range(span.start, span.end)}


def line_up_mentions(doc) -> list[tuple[str, Any]]:
    """(type, span) of each person and club a sports line-up names; they replace the model's spans."""
    if "line_ups" not in doc.user_data:  # asked for twice per article: computed once
        found = []
        for named in line_up_names(doc.text):
            span = doc.char_span(named.start, named.end, alignment_mode="expand")
            if span is not None and len(span):
                found.append((named.kind, span))
        doc.user_data["line_ups"] = found
    return doc.user_data["line_ups"]


def model_spans(doc, joined: dict[str, Any]) -> list[Any]:
    """The spans the mention rules type: the model's, mended, and the people it left untagged; not
    those over a line-up's names or two names joined before their ampersand acronym."""
    taken = _line_up_tokens(doc) | {i for span in joined.values() for i in range(span.start, span.end)}
    return [
        span
        for span in (*(piece for ent in doc.ents for piece in pieces(ent)), *untagged_people(doc))
        if not any(i in taken for i in range(span.start, span.end))
    ]


def canonical_mentions(doc) -> Iterator[tuple[str, str]]:
    """Yield (type, canonical name) for each entity mention in a parsed document."""
    joined = ampersand_names(doc)
    spans = model_spans(doc, joined)
    mentions = [(span, mention(span)) for span in spans]
    works = {fold(span.text) for span in spans if named_as_a_work(span)}
    mentions = [(span, None if works and in_a_work(span, works) else found) for span, found in mentions]
    models = {span[-1].text for span in spans if model_after_its_maker(span)}
    mentions = [(span, None if span.text in models else found) for span, found in mentions]
    bands = {fold(span.text) for span in spans if named_as_a_band(span) or named_as_a_company(span)}
    mentions = [
        (span, ("organizations", found[1]) if found and fold(span.text) in bands else found) for span, found in mentions
    ]
    mentions = [
        (span, ("organizations", joined[span.text].text) if span.text in joined else found) for span, found in mentions
    ]
    mentions += [(span, (kind, span.text)) for kind, span in line_up_mentions(doc)]
    mentions += [(span, ("organizations", span.text)) for span in joined.values()]
    for span, found in sorted(mentions, key=lambda mention: mention[0].start):  # in the order of the text
        if found is None:
            continue
        kind, name = found[0], fold(found[1])
        if kind == "people":
            name = person_name(_with_royal_title(span, name))
        elif kind == "places":
            name = country(name) or name
        else:
            name = party_name(name)
        if (
            len(name) < 2
            or len(name.split()) > MAX_WORDS
            or not any(ch.isupper() for ch in name)
            or not any(ch.isalpha() for ch in name)
        ):
            continue
        yield kind, name


def bracketed_aliases(doc, taken: AbstractSet[int] = frozenset()) -> dict[str, str]:
    """'Royal National Institute of the Blind (RNIB)', 'the IOC (International Olympic Committee)',
    'Mumbai (Bombay)': a name in brackets right after a name of the same label is the same entity
    when one is the other's acronym, or when both are towns (no country or region: 'Perth
    (Australia)' and 'Springfield (Illinois)' name two places, 'Betsen (Biarritz)' a player and his
    club, 'Sylvia (Kate Winslet)' a character and her actor). An acronym's full name, or the town
    as first written, stands for both."""
    aliases, ents = {}, [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
    for first, second in zip(ents, ents[1:]):
        if not (
            second.start == first.end + 1
            and doc[first.end].text == "("
            and second.label_ == first.label_
            and second.end < len(doc)
            and doc[second.end].text == ")"
        ):
            continue
        names = fold(first.text), fold(second.text)
        short, full = sorted(names, key=len)
        if _bracketed_acronym_of(short, full):
            aliases[short] = full
        elif first.label_ == "GPE" and not any(map(known_place, names)):
            aliases[names[1]] = names[0]  # the town as first written
    return aliases


def _bracketed_acronym_of(short: str, full: str) -> bool:
    """'RNIB' of 'Royal National Institute of the Blind', 'IOC' of 'International Olympic Committee';
    right beside its name in brackets an acronym may also keep a qualifier the model cut from the name
    ('USADA' of 'Anti-Doping Agency', its 'United States' made a place)."""
    letters = initials(full, hyphens_apart=True)
    if not short.isupper() or len(short) < 2:
        return False
    return letters.endswith(short) or (len(letters) >= 3 and short.endswith(letters))


def _with_royal_title(span, name: str) -> str:
    """'Charles' after 'Prince' is Prince Charles: the title is his name (the model leaves it out)."""
    before = span.doc[span.start - 1].text if span.start else ""
    return f"{before} {name}" if len(name.split()) == 1 and before in ROYAL_TITLES else name


def _merge_aliases(votes: dict[str, Counter], aliases: dict[str, str]) -> dict[str, Counter]:
    """Fold each bracketed alias's votes into the name it follows, when both were kept as names."""
    canonical = {
        name: next((c for c in (name, person_name(name), country(name)) if c in votes), None)
        for name in (*aliases, *aliases.values())
    }
    merged: dict[str, Counter] = {}
    into: dict[str, str] = {}
    for a, f in aliases.items():
        short, full = canonical[a], canonical[f]
        if short and full and short != full:
            into[short] = full
    for name, counts in votes.items():
        merged.setdefault(into.get(name, name), Counter()).update(counts)
    return merged


def entities_from_doc(doc) -> Entities:
    """Collect one article's canonical entities: majority type per name, short forms merged."""
    votes: dict[str, Counter] = {}
    for kind, name in canonical_mentions(doc):
        votes.setdefault(name, Counter())[kind] += 1
    votes = merge_surnames(merge_spellings(_merge_aliases(votes, bracketed_aliases(doc, _line_up_tokens(doc)))))
    by_type: dict[str, list[str]] = {"people": [], "organizations": [], "places": []}
    for name, counts in votes.items():
        by_type[counts.most_common(1)[0][0]].append(name)
    for name in list(by_type["organizations"]):  # "fires in Wales ... the Wales Fire Service": the
        if known_place(name) and any(o.startswith(f"{name} ") for o in by_type["organizations"]):
            by_type["organizations"].remove(name)  # region alone is the place, never the service's short form
            by_type["places"].append(name)
    result: dict[str, tuple[str, ...]] = {}
    for kind, names in by_type.items():
        merged = merge_short_forms(names, people=kind == "people")
        dropped = lone_first_names(names) if kind == "people" else set()
        result[kind] = tuple(dict.fromkeys(merged.get(name, name) for name in names if name not in dropped))
    return Entities(people=result["people"], organizations=result["organizations"], places=result["places"])
