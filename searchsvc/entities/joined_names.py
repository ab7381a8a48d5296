"""Names the model cut in two that are one: a company cut at "and" before its legal form, a department
with its portfolio, the wire's <Company> markup, two names before their ampersand acronym."""

from __future__ import annotations

from typing import Any

from .gazetteer import is_place
from .legal_forms import is_legal_form
from .not_entities import english_word, sentence_start
from .span_tools import ent_bounds

BRACKET_REACH = 80  # characters: the wire's "<Kamine Engineering and Mechanical Contracting Inc>"
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


def _legal_tail(doc, start: int, end: int) -> bool:
    """'Co Inc', 'Telegraph Co': legal forms only, or one word and legal forms."""
    words = doc[start:end].text.split()
    rest = [w for w in words if not is_legal_form(w)]
    return is_legal_form(words[-1]) and len(rest) <= 1 and (not rest or words[0] == rest[0])


def and_company(doc, start: int, end: int, label: str) -> tuple[int, int] | None:
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


def portfolio_name(doc, start: int, end: int) -> tuple[int, int] | None:
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


def in_wire_brackets(doc, ent) -> tuple[int, int] | None:
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
