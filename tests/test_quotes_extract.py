from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchsvc.entities.ner import entities_from_doc, load_model
from searchsvc.entities.quotes import Quote, quoted_spans, quotes_from_doc

from .conftest import MODEL


@pytest.fixture(scope="module")
def nlp():
    return load_model(MODEL)


@pytest.fixture(scope="module")
def quotes_of(nlp):
    def quotes(text: str) -> list[tuple[str, str | None]]:
        doc = nlp(text)
        return [(q.text, q.speaker) for q in quotes_from_doc(doc, entities_from_doc(doc))]

    return quotes


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'Tony Blair spoke in London on Monday. "We will win the election," he said.',
            [("We will win the election,", "Tony Blair")],
        ),
        (
            'Chancellor Gordon Brown set out his plans. "The economy is strong," said Mr Brown.',
            [("The economy is strong,", "Gordon Brown")],
        ),
        (
            'Tony Blair was in Sedgefield. Mr Blair told the BBC: "We will not change course."',
            [("We will not change course.", "Tony Blair")],
        ),
        (
            '"The plan will cost thousands of jobs", according to Gordon Brown.',
            [("The plan will cost thousands of jobs", "Gordon Brown")],
        ),
        (
            '"We are looking into the matter," Microsoft said in a statement.',
            [("We are looking into the matter,", "Microsoft")],
        ),
        (
            'Gordon Brown called the Conservative plan "a disgrace to the country".',
            [("a disgrace to the country", "Gordon Brown")],
        ),
    ],
    ids=["pronoun-said", "said-Mr", "told-colon", "according-to", "organization", "fragment"],
)
def test_attribution_shapes(quotes_of, text, expected):
    assert quotes_of(text) == expected


def test_a_quote_split_by_its_attribution_is_two_quotes_of_one_speaker(quotes_of):
    text = (
        'Gordon Brown defended the budget. "Taxes will not rise," he said. '
        '"We have kept every promise we made to working families."'
    )
    assert quotes_of(text) == [
        ("Taxes will not rise,", "Gordon Brown"),
        ("We have kept every promise we made to working families.", "Gordon Brown"),
    ]


def test_a_quote_over_several_paragraphs_is_one_quote(quotes_of):
    text = (
        'Tony Blair said: "We have made real progress on schools and hospitals.\n\n'
        '"There is more to do, and we will do it."\n\nThe election is in May.'
    )
    [(words, speaker)] = quotes_of(text)
    assert speaker == "Tony Blair"
    assert words == "We have made real progress on schools and hospitals. There is more to do, and we will do it."


@pytest.mark.parametrize("role", ["the minister", "the 52-year-old"])
def test_a_role_is_the_person_named_before(quotes_of, role):
    text = f'Tony Blair arrived in Brussels on Friday. "This is a good deal for Britain," {role} said.'
    assert quotes_of(text) == [("This is a good deal for Britain,", "Tony Blair")]


def test_an_unnamed_spokesman_is_no_speaker(quotes_of):
    text = 'The firm made a loss. "We are confident about next year," a spokesman said.'
    assert quotes_of(text) == [("We are confident about next year,", None)]


def test_a_named_organizations_spokesman_speaks_for_it(quotes_of):
    text = 'A Microsoft spokesman said: "We take the security of our customers very seriously."'
    assert quotes_of(text) == [("We take the security of our customers very seriously.", "Microsoft")]


def test_curly_quotes(quotes_of):
    text = "Tony Blair visited the school. \u201cEducation is our first priority,\u201d he said."
    assert quotes_of(text) == [("Education is our first priority,", "Tony Blair")]


@pytest.mark.parametrize(
    "text",
    [
        'The government launched its so-called "war on terror" in 2001.',
        'England all-rounder Andrew "Freddie" Flintoff scored a century at Lord\'s.',
        'The band released "Hopes And Fears" last year to good reviews.',
        'Gordon Brown will publish his "Alternative Budget" on Monday, he said.',
    ],
    ids=["scare-quotes", "nickname", "title", "title-near-a-verb"],
)
def test_not_quotes(quotes_of, text):
    assert quotes_of(text) == []


@pytest.mark.parametrize(
    "text, spans",
    [
        ('"A," she said. "B."', [(1, 3), (16, 18)]),
        ('He said: "one\n\n"two."\n\nNext.', [(10, 20)]),  # a paragraph opening with a mark goes on
        ('He said: "one\n\nNo mark here.', [(10, 13)]),  # a paragraph without: the quote ended with its own
        ("\u201cCurly\u201d", [(1, 6)]),
    ],
)
def test_quoted_spans(text, spans):
    assert [(start, end) for start, end, _ in quoted_spans(text)] == spans


def test_quote_offsets_point_into_the_text(nlp):
    text = 'Tony Blair spoke. "We will win," he said.'
    doc = nlp(text)
    [quote] = quotes_from_doc(doc, entities_from_doc(doc))
    assert isinstance(quote, Quote) and text[quote.start : quote.end] == quote.text
    assert quote.speaker_type == "people"


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            '"Prices will rise again next year," Marcus Hawkins, editor of Digital Camera magazine, told the BBC.',
            "Marcus Hawkins",
        ),
        (
            'Paul Johnston of the Nebraska Livestock Feeders Association said, "Many calves will not make it."',
            "Paul Johnston",
        ),
        (
            'The shadow foreign secretary, Michael Ancram, welcomed the news. "It is long overdue," he said.',
            "Michael Ancram",
        ),
        ('Microsoft will not change its plans, said Mr Gates. "We are sure of our case," he said.', "Bill Gates"),
    ],
    ids=["appositive-after", "employer-after-of", "appositive-name", "inverted-sentence-before"],
)
def test_the_speaker_behind_an_appositive_or_an_employer(quotes_of, text, speaker):
    if "Mr Gates" in text:
        text = "Bill Gates spoke in Seattle. " + text
    [(_, found)] = quotes_of(text)
    assert found == speaker


def test_a_name_given_is_no_quote(quotes_of):
    assert quotes_of('He wrote a small program called "ipodder", Adam Curry said.') == []


words = st.lists(st.from_regex(r"[A-Za-z][a-z]{0,7}", fullmatch=True), min_size=1, max_size=6).map(" ".join)


@given(st.lists(st.tuples(words, st.booleans(), st.sampled_from(['"', "\u201c"])), min_size=1, max_size=8))
def test_quoted_spans_finds_each_quoted_piece_of_well_formed_text(pieces):
    text, expected = "", []
    for piece, quoted, mark in pieces:
        if quoted:
            closing = '"' if mark == '"' else "\u201d"
            start = len(text) + 1 + len(mark)
            text += f" {mark}{piece},{closing}"
            expected.append((start, start + len(piece) + 1))
        else:
            text += f" {piece}."
    assert [(start, end) for start, end, _ in quoted_spans(text)] == expected
