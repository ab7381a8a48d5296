"""Span boundaries the model gets wrong, mended before a span is typed: a name run on into the words
after it is cut, a name cut short is given back its initial or first name, the wire's `<Company>`
markup is taken whole, and a list the model read as one name is split into its names.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator

from .gazetteer import is_place
from .joined_names import and_company, in_wire_brackets, portfolio_name
from .names import ROLE_CUES, looks_like_full_name
from .not_entities import english_word, lower_case_words, sentence_start
from .span_tools import with_label

DASHES = {"-", "–", "—"}
# "the Commons on Thursday", "Bill Cosby - moved": a name never runs on into a date or past a spaced dash.
CALENDAR_WORDS = {n.lower() for n in (*calendar.day_name, *calendar.month_name) if n}
DATE_LINKS = {"on", "in", "at", "by", "since", "until", "till", "before", "after", "last", "next", "this"}
OF_REACH = 4  # capitalised words after "of": "Group of Eight", "Bank of New South Wales"
AND_REACH = 3  # capitalised words before "and" that can open an organization's name
AND_LABELS = {"NORP", "EVENT"}  # ... that the model put in a nationality or an event (not "Golden and Silver Bear")
NOT_INITIALS = {"A", "I"}  # a capital letter alone before a surname is an initial ("S Easterby"), but not these
LIST_SEPARATORS = {",", "and"}
LIST_LABELS = {"PERSON", "ORG", "GPE"}  # a comma list of surnames comes out with any of these labels


def _of_name_end(doc, start: int, end: int) -> int:
    """'Group of Eight': the end of a one-word organization, a common English word, that the model
    cut before 'of' and the capitalised words after it (or cut after 'of': 'Group of' Seven)."""
    if end - start == 2 and doc[end - 1].text == "of":
        end -= 1
    if end - start != 1 or end + 1 >= len(doc) or doc[end].text != "of" or not english_word(doc[start].lower_):
        return end
    last = end + 1
    while last < len(doc) and last - end <= OF_REACH and doc[last].is_title and doc[last].ent_type_ != "PERSON":
        last += 1
    return last if last > end + 1 else end


def _and_name_start(doc, start: int, end: int) -> int:
    """'British and Irish Lions', 'Greek Track and Field Federation': the start of an organization
    whose first words, before 'and', the model left out or put in a nationality or event span."""
    if start < 2 or end - start < 2 or doc[start - 1].text not in ("and", "&") or doc[start].lower_ == "the":
        return start  # a name of its own: "Opel and Saab", "Tories and BNP", "The Doors and the Jackson Five"
    first = start - 1
    while (
        first > 0 and start - first <= AND_REACH and doc[first - 1].is_title and doc[first - 1].ent_type_ in AND_LABELS
    ):
        first -= 1
    if first == start - 1 or (first > 0 and doc[first - 1].ent_type_ and doc[first - 1].is_title):
        return start  # "China Southern and China Eastern": the words before belong to another name
    return first


def _place_after_in(doc, start: int, end: int) -> int | None:
    """Where 'in' joins a name of two words or more to a known place that ends the span
    ('Disaster Management in Maputo'), else None ('Church in Wales' is one name)."""
    for i in range(start + 2, end - 1):
        if doc[i].text == "in" and doc[i + 1].is_title and is_place(doc[i + 1 : end].text):
            return i
    return None


def _cut_run_on(doc, start: int, end: int) -> int:
    """The end of the name: before a spaced dash, before a bracket left open ("Royal National
    Institute of the Blind (RNIB"), and before a trailing 'on Thursday'."""
    for i in range(start + 1, end):
        if doc[i].text in DASHES and doc[i - 1].whitespace_ and doc[i].whitespace_:
            end = i
            break
        if doc[i].text == "(" and not any(doc[j].text == ")" for j in range(i + 1, end)):
            end = i
            break
    if end - start >= 3 and doc[end - 1].text.lower() in CALENDAR_WORDS and doc[end - 2].text in DATE_LINKS:
        end -= 2
    return end


def _initial_or_first_name(doc, start: int, initials: bool = True) -> int:
    """'S Easterby', '"Sebastien Bruno': the start of a person's name, with an initial or a first
    name the model left out (a capitalised word of no other name that is no common English word)."""
    if start == 0:
        return start
    before = doc[start - 1]
    if initials and first_name_tagged_apart(doc, start - 1):
        return start - 1  # "mayor Sadiq Khan" with "Sadiq" a place of its own
    if before.ent_type_ or not before.whitespace_ or before.text in NOT_INITIALS:
        return start
    if len(before.text) == 1 and before.text.isupper():
        return start - 1 if initials else start
    word = before.text
    if (
        word.istitle()
        and word.isalpha()
        and len(word) > 2
        and not english_word(word.lower())
        and word.lower() not in lower_case_words(doc)
        and not _member_word(word)
    ):
        return start - 1
    return start


def first_name_tagged_apart(doc, i: int) -> bool:
    """'London mayor Sadiq Khan' with "Sadiq" a place and "Khan" a person: token i is a name of one
    word of another label, no place the gazetteer knows and no English word, right before a surname."""
    if not 0 <= i < len(doc) - 1 or doc[i].ent_iob_ != "B" or doc[i].ent_type_ == "PERSON":
        return False
    word, after = doc[i], doc[i + 1]
    if after.ent_type_ != "PERSON" or after.ent_iob_ != "B" or (i + 2 < len(doc) and doc[i + 2].ent_iob_ == "I"):
        return False
    return (
        word.is_title
        and word.is_alpha
        and len(word) > 2
        and bool(word.whitespace_)
        and not is_place(word.text)
        and not english_word(word.lower_, common=True)
    )


def _without_opening_word(doc, start: int, end: int) -> int:
    """'Model Anna Nicole Smith', 'Actress Kate Winslet': the start of a person's name that the model
    ran back into the role word opening its sentence, when a full name remains ('George W Bush' and
    'Robert De Niro' keep their first names, common English words though they are)."""
    word = doc[start]
    if (
        end - start >= 3
        and sentence_start(doc, start)
        and word.is_title
        and word.lower_ in ROLE_CUES
        and looks_like_full_name(doc[start + 1 : end].text)
    ):
        return start + 1
    return start


def _member_word(word: str) -> bool:
    """'Frenchwoman', 'Corkman', 'Blairite': a word for a member of a group, made from a place's or a
    person's name with an ending (but 'Herman' is a first name). Demonyms made from a country's name
    alone ('Kuwaiti') are gazetteer.is_demonym."""
    return any(word.endswith(ending) and len(word) - len(ending) >= 4 for ending in ("woman", "man", "ite", "ist"))


def _list_items(doc, start: int, end: int) -> list[tuple[int, int]]:
    """The items, up to three capitalised words each, of the list doc[start:end] stands in
    ("Murphy, Dempsey, Horgan and Maggs")."""
    items = [(start, end)]
    i = start - 1
    if i >= 1 and len(doc[i].text) == 1 and doc[i].is_upper:
        i -= 1  # the initial of "S Easterby"
    while i >= 1 and doc[i].text in LIST_SEPARATORS and doc[i - 1].is_title:
        first = i - 1
        while first >= 1 and i - first < 3 and doc[first - 1].is_title:
            first -= 1
        items.append((first, i))
        i = first - 1
    i = end
    while i + 1 < len(doc) and doc[i].text in LIST_SEPARATORS and doc[i + 1].is_title:
        last = i + 2
        while last < len(doc) and last - i <= 3 and doc[last].is_title:
            last += 1
        items.append((i + 1, last))
        i = last
    return items


def _list_of_people(doc, start: int, end: int, inside: int = 1) -> bool:
    """Whether a span (holding `inside` items) is in a comma list of three or more items whose tagged
    items are mostly people."""
    items = _list_items(doc, start, end)
    labels = [doc[a].ent_type_ for a, _ in items if doc[a].ent_type_]
    return len(items) - 1 + inside >= 3 and labels.count("PERSON") * 2 > len(labels)


def pieces(ent) -> Iterator:
    """The names one span of the model holds, each with its label (mended spans are new spans)."""
    doc, label = ent.doc, ent.label_
    if len(ent) == 1 and first_name_tagged_apart(doc, ent.start):
        return  # the first name of the person after it ("Sadiq" of "Sadiq Khan")
    if label in ("ORG", "PERSON"):
        bracketed = in_wire_brackets(doc, ent)
        if bracketed:
            found = doc.char_span(*bracketed, label="ORG", alignment_mode="expand")
            if found is not None and len(found) <= 12:
                yield found
                return
    if label == "ORG":
        cut = _place_after_in(doc, ent.start, ent.end)
        if cut is not None:  # "the National Institute for Disaster Management in Maputo": two names
            yield from pieces(with_label(doc, ent.start, cut, "ORG"))
            yield with_label(doc, cut + 1, ent.end, "GPE")
            return
    if label == "ORG":
        whole = portfolio_name(doc, ent.start, ent.end)
        if whole is not None:  # "Department for Culture, Media and Sport": one name, given from its head
            if whole[0] == ent.start:
                yield with_label(doc, *whole, "ORG")
            return
    if label in ("ORG", "PERSON"):
        joined = and_company(doc, ent.start, ent.end, label)
        if joined is not None:
            if joined[1] == ent.end:  # the whole is given once, from its last part
                yield with_label(doc, *joined, "ORG")
            return
    end = _of_name_end(doc, ent.start, ent.end) if label == "ORG" else ent.end
    start = _and_name_start(doc, ent.start, end) if label == "ORG" else ent.start
    end = _cut_run_on(doc, start, end)
    commas = [i for i in range(start, end) if doc[i].text == ","]
    series = any(doc[i].text in ("and", "&") for i in range(commas[-1], end)) if commas else False
    if commas and label in ("ORG", "PERSON") and not (series and label == "ORG"):
        # "Easterby, O'Connor": names of a list read as one; but the Department of the Environment,
        # Food and Rural Affairs is one name
        bounds = [start - 1, *commas, end]
        people = _list_of_people(doc, start, end, inside=len(commas) + 1)
        for a, b in zip(bounds, bounds[1:]):
            if b - a > 1:
                piece_label = "PERSON" if people else label
                first = _initial_or_first_name(doc, a + 1) if people else a + 1
                yield with_label(doc, first, b, piece_label)
        return
    if label in LIST_LABELS and end - start == 1 and _list_of_people(doc, start, end) and not is_place(doc[start].text):
        label = "PERSON"  # "Hickie, O'Gara, Stringer" in a line-up: surnames, not places
    if label == "PERSON":
        start = _without_opening_word(doc, _initial_or_first_name(doc, start), end)
    elif label == "ORG":  # "Communaute Urbaine de Montreal": a first word of no language the model knows
        start = _initial_or_first_name(doc, start, initials=False)
    if (start, end) == (ent.start, ent.end) and label == ent.label_:
        yield ent
    else:
        yield with_label(doc, start, end, label)
