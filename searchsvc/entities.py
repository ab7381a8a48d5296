"""Named entities with spaCy: people, organizations and places under canonical names."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .articles import Article, Entities
from .names import country, fold, merge_short_forms, person_name

LABEL_TYPES = {"PERSON": "people", "ORG": "organizations", "GPE": "places", "LOC": "places", "FAC": "places"}
# Facilities named after what they house are organizations ("the Russian Embassy").
ORG_HEADS = re.compile(
    r"\b(embassy|consulate|ministry|department|office|agency|council|commission|court|parliament|"
    r"assembly|university|college|school|hospital|bank|institute|museum|gallery|theatre|police)$", re.I)
# A name right after one of these words names an organization ("newspaper Novaya Gazeta").
ORG_CUES = {"newspaper", "paper", "daily", "weekly", "magazine", "agency", "broadcaster", "channel",
            "network", "website", "site", "firm", "company", "group", "bank", "party", "club", "band",
            "label", "station", "studio", "studios", "carrier", "airline", "retailer", "publisher"}
PIPES_NOT_NEEDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
BATCH_SIZE = 32


@lru_cache(maxsize=2)
def load_model(name: str):
    """Load the spaCy pipeline with only its entity recognizer."""
    import spacy

    nlp = spacy.load(name, exclude=PIPES_NOT_NEEDED)
    nlp.max_length = max(nlp.max_length, 60_000_000)
    return nlp


def model_signature(name: str) -> str:
    """Name and version of a model: part of the entity cache key."""
    meta = load_model(name).meta
    return f"{name}@{meta.get('version', '?')}"


def ner_text(article: Article) -> str:
    # Headlines capitalise every word, which spaCy reads as names: the title is left out.
    return f"{article.subtitle}\n\n{article.body}" if article.subtitle else article.body


def _mention_type(ent) -> str | None:
    kind = LABEL_TYPES.get(ent.label_)
    previous = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if kind == "places" and ent.label_ == "FAC" and ORG_HEADS.search(ent.text):
        return "organizations"
    if kind == "people" and previous in ORG_CUES:
        return "organizations"
    if kind == "organizations" and country(fold(ent.text)):
        return "places"  # "US" tagged as an organization is still the country
    return kind


def canonical_mentions(doc) -> Iterator[tuple[str, str]]:
    """Yield (type, canonical name) for each entity mention in a parsed document."""
    for ent in doc.ents:
        kind = _mention_type(ent)
        if kind is None:
            continue
        name = fold(ent.text)
        if kind == "people":
            name = person_name(name)
        elif kind == "places":
            name = country(name) or name
        if len(name) < 2 or not any(ch.isupper() for ch in name) or not any(ch.isalpha() for ch in name):
            continue
        yield kind, name


def entities_from_doc(doc) -> Entities:
    """Collect one article's canonical entities: majority type per name, short forms merged."""
    votes: dict[str, Counter] = {}
    order: list[str] = []
    for kind, name in canonical_mentions(doc):
        if name not in votes:
            votes[name] = Counter()
            order.append(name)
        votes[name][kind] += 1
    by_type: dict[str, list[str]] = {"people": [], "organizations": [], "places": []}
    for name in order:
        by_type[votes[name].most_common(1)[0][0]].append(name)
    result = {}
    for kind, names in by_type.items():
        merged = merge_short_forms(names, people=kind == "people")
        result[kind] = tuple(dict.fromkeys(merged.get(name, name) for name in names))
    return Entities(**result)


def extract(articles: Iterable[Article], model: str, workers: int = 1) -> Iterator[Entities]:
    """Yield the entities of each article, in order, using `workers` processes."""
    nlp = load_model(model)
    texts = (ner_text(article) for article in articles)
    for doc in nlp.pipe(texts, n_process=max(1, workers), batch_size=BATCH_SIZE):
        yield entities_from_doc(doc)


def raw_entities(doc) -> Entities:
    """spaCy's own output, labels mapped to our types, names only whitespace-folded (a baseline)."""
    found: dict[str, list[str]] = {"people": [], "organizations": [], "places": []}
    for ent in doc.ents:
        kind = LABEL_TYPES.get(ent.label_)
        name = " ".join(ent.text.split())
        if kind and name not in found[kind]:
            found[kind].append(name)
    return Entities(**{k: tuple(v) for k, v in found.items()})
