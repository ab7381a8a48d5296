"""Span boundaries the model gets wrong, mended before a span is typed: a name run on into the words
after it is cut, a name cut short is given back its initial or first name, the wire's `<Company>`
markup is taken whole, and a list the model read as one name is split into its names.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from typing import Any

from .gazetteer import is_place
from .legal_forms import is_legal_form
from .names import HONORIFICS, ROLE_CUES, looks_like_full_name
from .not_entities import english_word, lower_case_words, sentence_start

DASHES = {"-", "–", "—"}
# "the Commons on Thursday", "Bill Cosby - moved": a name never runs on into a date or past a spaced dash.
CALENDAR_WORDS = {n.lower() for n in (*calendar.day_name, *calendar.month_name) if n}
DATE_LINKS = {"on", "in", "at", "by", "since", "until", "till", "before", "after", "last", "next", "this"}
OF_REACH = 4  # capitalised words after "of": "Group of Eight", "Bank of New South Wales"
AND_REACH = 3  # capitalised words before "and" that can open an organization's name
AND_LABELS = {"NORP", "EVENT"}  # ... that the model put in a nationality or an event (not "Golden and Silver Bear")
BRACKET_REACH = 80  # characters: the wire's "<Kamine Engineering and Mechanical Contracting Inc>"
NOT_INITIALS = {"A", "I"}  # a capital letter alone before a surname is an initial ("S Easterby"), but not these
LIST_SEPARATORS = {",", "and"}
PORTFOLIO_REACH = 8  # tokens of ", Media and Sport" after a department's name
# Words that name a body of their own: "the Ministry of Defence and the Treasury" are two bodies.
BODY_WORDS = {
    "office",
    "department",
    "ministry",
    "council",
    "agency",
    "bank",
    "board",
    "service",
    "commission",
    "committee",
    "authority",
    "police",
    "court",
    "treasury",
    "exchequer",
    "parliament",
    "cabinet",
    "congress",
    "senate",
    "commons",
    "lords",
    "army",
    "navy",
    "executive",
    "assembly",
    "government",
}
LIST_LABELS = {"PERSON", "ORG", "GPE"}  # a comma list of surnames comes out with any of these labels
NAME_OPENERS = HONORIFICS | {"Lord", "Lady", "Baroness"}  # may open an untagged name


def _with_label(doc, start: int, end: int, label: str):
    span = doc[start:end]
    span.label_ = label
    return span


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


def ent_bounds(doc, i: int) -> tuple[int, int]:
    """The start and end of the model's span that token i is in (token i alone when it is in none)."""
    start, end = i, i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def _legal_tail(doc, start: int, end: int) -> bool:
    """'Co Inc', 'Telegraph Co': legal forms only, or one word and legal forms."""
    words = doc[start:end].text.split()
    rest = [w for w in words if not is_legal_form(w)]
    return is_legal_form(words[-1]) and len(rest) <= 1 and (not rest or words[0] == rest[0])


def _and_company(doc, start: int, end: int, label: str) -> tuple[int, int] | None:
    """'Kidder Peabody and Co Inc', 'Edward Viner and Co', 'American Telephone and Telegraph Co',
    'Standard and Poor's Corp': one company that the model cut at 'and'; the bounds of the whole, from
    either part. The tail is legal forms only, or a common English word and legal forms (Telegraph,
    Poor's); the head a name the model called an organization or a person, or capitalised words it
    left untagged; a tail with a word of its own needs a head of two words or more unless the head
    was untagged ("Procter and Gamble Co" stays apart when the model split it; "IBM and Xerox Corp"
    and "General Motors and Chrysler Corp" are two companies)."""
    if (
        end + 1 < len(doc)
        and doc[end].text in ("and", "&")
        and doc[end + 1].ent_type_ == "ORG"
        and doc[end + 1].ent_iob_ == "B"
    ):
        head, tail = (start, end), ent_bounds(doc, end + 1)
    elif label == "ORG" and start >= 2 and doc[start - 1].text in ("and", "&") and doc[start - 2].is_title:
        first = start - 2
        if doc[first].ent_type_ in ("ORG", "PERSON"):
            first = ent_bounds(doc, first)[0]
        elif not doc[first].ent_type_:
            while first > 0 and start - 1 - first < 3 and doc[first - 1].is_title and not doc[first - 1].ent_type_:
                first -= 1
            if sentence_start(doc, first) and english_word(doc[first].lower_) and first < start - 2:
                first += 1  # "Replacing Inco and Owens-Illinois Inc": the sentence's first word is no name
        else:
            return None
        head, tail = (first, start - 1), (start, end)
    else:
        return None
    if not _legal_tail(doc, *tail) or is_legal_form(doc[head[1] - 1].text):
        return None
    own_words = [word for word in doc[tail[0] : tail[1]].text.split() if not is_legal_form(word)]
    if own_words and head[1] - head[0] < 2 and doc[head[0]].ent_type_:
        return None
    if own_words and not english_word(own_words[0].lower().removesuffix("'s"), common=True):
        return None  # "General Motors and Chrysler Corp": a tail with a name of its own is a company
    return head[0], tail[1]


def _portfolio_name(doc, start: int, end: int) -> tuple[int, int] | None:
    """'Department for Education and Skills', 'Department for Culture, Media and Sport': a body named
    for its portfolios, that the model cut at ',' and 'and'; the bounds of the whole, from any part.
    Each portfolio is one or two common English words, no place and no body ('the Ministry of
    Defence and the Treasury', 'the Bank of England and BAE Systems' stay apart)."""
    head = _portfolio_head(doc, start, end)
    if head is not None:
        whole_end = _portfolio_end(doc, end)
        return (start, whole_end) if whole_end > end else None
    i = start - 1  # a later portfolio: walk back over the others to the head
    while i >= 0 and start - i <= PORTFOLIO_REACH and (doc[i].text in (",", "and", "&") or _portfolio_word(doc[i])):
        i -= 1
    if i < 0 or doc[i].ent_type_ != "ORG":
        return None
    first, head_end = ent_bounds(doc, i)
    whole_end = _portfolio_end(doc, head_end)
    if _portfolio_head(doc, first, head_end) is None or whole_end < end:
        return None
    return first, whole_end


def _portfolio_word(token) -> bool:
    return (
        token.is_title
        and english_word(token.lower_, common=True)
        and token.lower_ not in BODY_WORDS
        and not is_place(token.text)
    )


def _portfolio_head(doc, start: int, end: int) -> int | None:
    """Where 'for' or 'of' begins the portfolio of a body's name ('Department for Education'), if it does."""
    words = doc[start:end]
    for i, token in enumerate(words[:-1]):
        if token.text in ("for", "of") and i >= 1 and all(_portfolio_word(t) for t in words[i + 1 :]):
            return start + i
    return None


def _portfolio_end(doc, end: int) -> int:
    """The end of the portfolios listed after a name ending at `end` (', Media and Sport'), or `end`."""
    i, last = end, end
    while i + 1 < len(doc) and i - end < PORTFOLIO_REACH and doc[i].text in (",", "and", "&"):
        j = i + 1
        while j < len(doc) and j - i <= 2 and _portfolio_word(doc[j]):
            j += 1
        if j == i + 1 or (j < len(doc) and doc[j].is_title):
            break  # "and Natural England": the next name is no portfolio
        if doc[i].text in ("and", "&"):
            last = j
        i = j
    return last


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


def _in_wire_brackets(doc, ent) -> tuple[int, int] | None:
    """The characters of '<Company Name>' around a span, when the wire marked the name."""
    text = doc.user_data.get("text")
    if text is None:  # doc.text joins every token: once per document, not once per span
        text = doc.user_data["text"] = doc.text
    if "<" not in text:
        return None
    left = text.rfind("<", max(0, ent.start_char - BRACKET_REACH), ent.start_char + 1)
    if left == -1 or any(ch in text[left + 1 : ent.start_char] for ch in ">\n"):
        return None
    right = text.find(">", max(ent.start_char, ent.end_char - 1), ent.end_char + BRACKET_REACH)
    if right == -1 or "\n" in text[ent.end_char : right]:
        return None
    return left + 1, right


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
        bracketed = _in_wire_brackets(doc, ent)
        if bracketed:
            found = doc.char_span(*bracketed, label="ORG", alignment_mode="expand")
            if found is not None and len(found) <= 12:
                yield found
                return
    if label == "ORG":
        cut = _place_after_in(doc, ent.start, ent.end)
        if cut is not None:  # "the National Institute for Disaster Management in Maputo": two names
            yield from pieces(_with_label(doc, ent.start, cut, "ORG"))
            yield _with_label(doc, cut + 1, ent.end, "GPE")
            return
    if label == "ORG":
        whole = _portfolio_name(doc, ent.start, ent.end)
        if whole is not None:  # "Department for Culture, Media and Sport": one name, given from its head
            if whole[0] == ent.start:
                yield _with_label(doc, *whole, "ORG")
            return
    if label in ("ORG", "PERSON"):
        joined = _and_company(doc, ent.start, ent.end, label)
        if joined is not None:
            if joined[1] == ent.end:  # the whole is given once, from its last part
                yield _with_label(doc, *joined, "ORG")
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
                yield _with_label(doc, first, b, piece_label)
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
        yield _with_label(doc, start, end, label)


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
            yield _with_label(doc, i, end, "PERSON")
        i = max(end, i + 1)


def _person_context(doc, start: int, end: int) -> bool:
    before = doc[start - 1].text if start > 0 else ""
    after = doc[end].text if end < len(doc) else ""
    if before in LIST_SEPARATORS and _person_at(doc, start - 2):
        return True
    if after in LIST_SEPARATORS and _person_at(doc, end + 1):
        return True
    return after == "," and end + 1 < len(doc) and doc[end + 1].lower_ == "who"


def ampersand_names(doc) -> dict[str, Any]:  # spaCy's spans (spaCy is imported by ner.py alone)
    """'Scottish and Newcastle (S&N)', 'Marks and Spencer (M&S)': capitalised words joined by 'and'
    before an acronym in brackets that joins their initials with '&' are one organization, whatever
    the model made of its parts; the acronym, to the span of the whole."""
    found = {}
    for i in range(3, len(doc) - 2):
        acronym = doc[i + 1].text
        if doc[i].text != "(" or doc[i + 2].text != ")" or acronym.count("&") != 1:
            continue
        left, right = acronym.split("&")
        start = i - len(right)
        if start < 1 or not left.isupper() or not right.isupper() or doc[start - 1].text not in ("and", "&"):
            continue
        first = start - 1 - len(left)
        words = [*doc[first : start - 1], *doc[start:i]]
        if first >= 0 and all(word.is_title for word in words) and "".join(w.text[0] for w in words) == left + right:
            found[acronym] = doc[first:i]
    return found
