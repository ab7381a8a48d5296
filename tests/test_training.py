"""The synthetic training articles read cleanly, and the fine-tuning script trains a model that loads."""

from __future__ import annotations

import subprocess
import sys

import pytest

from training.markup import MarkupError, parse, read_articles, unmarked_repeats
from training.train_ner import SYNTHETIC, gold_texts, shared_runs, synthetic_articles

from .conftest import PROJECT


def test_marks_become_plain_text_and_character_spans():
    text, spans = parse("{{Tony Blair|PERSON}} met <{{Kidder Peabody and Co Inc|ORG}}> in {{Bhutan|GPE}}.")
    assert text == "Tony Blair met <Kidder Peabody and Co Inc> in Bhutan."
    assert [(text[s:e], label) for s, e, label in spans] == [
        ("Tony Blair", "PERSON"),
        ("Kidder Peabody and Co Inc", "ORG"),
        ("Bhutan", "GPE"),
    ]


@pytest.mark.parametrize(
    "marked, says",
    [
        ("{{BT|COMPANY}} said", "unknown label 'COMPANY'"),
        ("{{ BT|ORG}} said", "spaces at its edges"),
        ("{{BT|ORG} said", "a broken mark"),
    ],
)
def test_a_bad_mark_names_its_article_and_why(marked, says):
    with pytest.raises(MarkupError, match=says) as raised:
        parse(marked, "bbc_business.txt: bbc_business-07")
    assert "bbc_business-07" in str(raised.value)


def test_a_name_marked_once_and_missed_elsewhere_is_reported(tmp_path):
    path = tmp_path / "bbc_business.txt"
    path.write_text(
        "### bbc_business-01\n{{BT|ORG}} said BT would grow; {{Tony Blair|PERSON}} and Blair's aide.\n",
        encoding="utf-8",
    )
    [article] = read_articles(path)
    assert article.style == "bbc_business"
    assert unmarked_repeats(article) == ["bbc_business-01: 'BT' unmarked at 8"]


def test_every_synthetic_file_reads_and_every_article_has_marks():
    articles = synthetic_articles()
    assert len({p.stem for p in SYNTHETIC.glob("*.txt")}) == 8
    assert len(articles) == 160 and len({a.id for a in articles}) == 160
    assert all(a.spans and len(a.text.split()) >= 100 for a in articles)


def test_a_shared_run_of_ten_words_is_caught():
    articles = synthetic_articles()[:1]
    copied = " ".join(articles[0].text.split()[20:32])
    assert shared_runs(articles, [f"Some other text. {copied} and more."]) == [articles[0].id]
    assert shared_runs(articles, ["Ten words of entirely different text that nobody wrote anywhere else."]) == []


def test_no_synthetic_article_shares_text_with_a_gold_article():
    texts = gold_texts()
    if not texts:
        pytest.skip("../shared is not beside the project: the gold articles cannot be read")
    assert shared_runs(synthetic_articles(), texts) == []


def test_training_saves_a_pipeline_that_finds_names(tmp_path):
    out = tmp_path / "news_sm"
    done = subprocess.run(
        [sys.executable, "-m", "training.train_ner", "--out", str(out), "--epochs", "1", "--max-articles", "8"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "8 articles" in done.stdout
    import spacy

    nlp = spacy.load(out)
    assert nlp.pipe_names == ["ner"] and nlp.meta["version"].endswith("-synthetic8e1")
    doc = nlp("Prime Minister Tony Blair visited London on Monday.")
    assert {e.text for e in doc.ents} >= {"Tony Blair", "London"}


def test_the_mention_check_counts_found_missed_and_unmarked_names(tmp_path):
    from collections import Counter

    from benchmarks.entity_mentions import compare

    path = tmp_path / "uk_regional.txt"
    path.write_text(
        "### uk_regional-01\n{{Jane Roe|PERSON}} of {{Leeds City Council|ORG}} said {{Roe|PERSON}} "
        "lives in {{Armagh|GPE}}.\n",
        encoding="utf-8",
    )
    [article] = read_articles(path)
    counts, errors = Counter(), []
    found = {"people": ("Jane Roe", "Armagh"), "organizations": ("Leeds City Council", "Council Tax"), "places": ()}
    compare(article, found, counts, errors)
    assert counts["people", "found"] == 2 and counts["organizations", "found"] == 1  # Roe is in Jane Roe
    assert counts["places", "missed"] == 1 and errors == ["uk_regional-01: place 'Armagh' given as people"]
    assert counts["people", "unmarked"] == 1 and counts["organizations", "unmarked"] == 1
