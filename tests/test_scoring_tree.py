"""Scores follow the query tree: for random boolean queries (AND, OR, NOT, phrases, prefixes) on an
index of several segments with deletions, the service's match set and scores are Whoosh's own."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import collectors
from whoosh.filedb.filestore import FileStorage

from searchsvc.index.schema import make_schema
from searchsvc.search import matchset, scoring
from searchsvc.search.query import QueryError, parse

WORDS = ["river", "stone", "cloud", "harbour", "minister", "budget", "market", "winter"]
FILLER = ["of", "the", "in", "a"]
NAMES = ["Gordon Brown", "Ray Charles", "Tony Blair"]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    """Three segments of 40 made-up articles each, a few of them deleted or replaced."""
    path = tmp_path_factory.mktemp("tree-index")
    ix = FileStorage(str(path)).create_index(make_schema())
    rng = random.Random(24)
    for segment in range(3):
        with ix.writer() as writer:
            writer.merge = False  # keep the segments apart
            for n in range(40):
                words = rng.choices(WORDS + FILLER, k=rng.randint(3, 30))
                writer.add_document(
                    id=f"{segment}-{n}",
                    title=" ".join(rng.choices(WORDS, k=3)),
                    body=" ".join(words),
                    person=" , ".join(rng.sample(NAMES, rng.randint(0, 2))),
                )
    with ix.writer() as writer:
        writer.merge = False
        for n in range(0, 40, 7):
            writer.delete_by_term("id", f"1-{n}")
        writer.update_document(id="0-3", title="river stone", body="the river of the stone")
    assert len(ix._segments()) >= 3 and ix.doc_count() < ix.doc_count_all()
    with ix.searcher() as opened:
        yield opened


def leaves():
    word = st.sampled_from(WORDS)
    phrase = st.builds(lambda a, f, b: f'"{a} {f} {b}"', word, st.sampled_from(FILLER + [""]), word)
    prefix = st.sampled_from(WORDS).map(lambda w: w[:3] + "*")
    fielded = st.builds(lambda f, w: f"{f}:{w}", st.sampled_from(["title", "body"]), word)
    name = st.sampled_from(["gordon", "charles", "blair", 'person:"ray charles"'])
    return st.one_of(word, phrase, prefix, fielded, name)


def trees():
    return st.recursive(
        leaves(),
        lambda inner: st.one_of(
            st.builds(lambda a, b: f"({a} {b})", inner, inner),
            st.builds(lambda a, b: f"({a} OR {b})", inner, inner),
            st.builds(lambda a, b: f"({a} AND {b})", inner, inner),
            st.builds(lambda a, b: f"({a} NOT {b})", inner, inner),
            st.builds(lambda a, b: f"{a} -{b}", inner, st.sampled_from(WORDS)),
        ),
        max_leaves=6,
    )


def whooshs_scores(searcher, q) -> dict[int, float]:
    every = collectors.TopCollector(100_000, usequality=False, replace=0)  # every match, scored
    searcher.search_with_collector(q, every)
    return {docnum: score for score, docnum in every.results().top_n}


@settings(max_examples=300, deadline=None)
@given(text=trees())
def test_scores_follow_the_query_tree_as_whoosh_scores_it(searcher, text):
    try:
        q = parse(text, searcher.schema, searcher.reader())
    except QueryError:
        return  # e.g. a query that only excludes: an error, not a score
    expected = whooshs_scores(searcher, q)
    ids, scores, timed_out = scoring.scored_matches(searcher, q)
    assert not timed_out
    assert ids.tolist() == sorted(expected), text
    for docnum, score in zip(ids.tolist(), scores.tolist()):
        assert score == pytest.approx(expected[docnum], rel=1e-9, abs=1e-9), (text, docnum)
    assert matchset.matching(searcher, q)[0].tolist() == ids.tolist()  # unscored, the same set


def test_a_document_matching_one_branch_of_an_or_gets_only_that_branchs_score(searcher):
    """(river stone) OR budget: an article with budget and stone but no river scores as budget alone."""
    q = parse("(river stone) OR budget", searcher.schema, searcher.reader())
    alone = parse("budget", searcher.schema, searcher.reader())
    ids, scores, _ = scoring.scored_matches(searcher, q)
    only_budget = dict(zip(*(a.tolist() for a in scoring.scored_matches(searcher, alone)[:2])))
    grouped = set(
        scoring.scored_matches(searcher, parse("river stone", searcher.schema, searcher.reader()))[0].tolist()
    )
    checked = 0
    for docnum, score in zip(ids.tolist(), scores.tolist()):
        if docnum not in grouped:
            assert score == pytest.approx(only_budget[docnum], rel=1e-12)
            checked += 1
    assert checked > 5
