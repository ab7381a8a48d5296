"""Give articles their entities, from the cache when the same text was seen by the same model."""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata

from ..ingest.articles import Article
from .ner import RULES_VERSION
from .cache import EntityCache
from .ner_cluster import ClusterReport, extract_on_cluster

PARALLEL_FROM = 200  # fewer misses than this are not worth starting worker processes
CACHE_BATCH = 500


@dataclass
class AnnotateCounts:
    extracted: int = 0
    cached: int = 0
    cluster: ClusterReport | None = None  # when the extraction ran on a Dask cluster


def model_signature(model: str) -> str:
    """Model name and installed version, and the version of our rules, without loading the model
    (a warm rebuild loads no model; changed rules or a changed model invalidate the cache)."""
    try:
        version = metadata.version(model)
    except metadata.PackageNotFoundError:
        from .ner import load_model

        version = load_model(model).meta.get("version", "?")
    return f"{model}@{version}+rules{RULES_VERSION}"


def annotate(articles: list[Article], cache: EntityCache, model: str, workers: int = 1,
             progress: Callable | None = None, cluster: str | None = None,
             isolated: bool = False) -> tuple[list[Article], AnnotateCounts]:
    """Return the articles with entities, running NER only on texts not in the cache: in `workers`
    local processes, or on the Dask cluster at the address `cluster`. `isolated` runs it in a
    short-lived child process, so that this one never loads the model (a service's worker would
    otherwise keep its 150 MB for good after one write)."""
    signature = model_signature(model)
    found = cache.get_many((a.content_hash for a in articles), signature)
    misses = list({a.content_hash: a for a in articles if a.content_hash not in found}.values())
    counts = AnnotateCounts(extracted=len(misses), cached=len(articles) - len(misses))
    if misses and cluster:
        def store(batch: list) -> None:  # each batch is kept as soon as it arrives
            cache.put_many(batch, signature)
            found.update(batch)

        counts.cluster = extract_on_cluster(misses, model, cluster, store, progress)
    elif misses and isolated:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
            results = child.submit(_extract_all, misses, model).result()
        for article, entities in zip(misses, results):
            found[article.content_hash] = entities
        cache.put_many([(a.content_hash, e) for a, e in zip(misses, results)], signature)
    elif misses:
        from .ner import extract  # spaCy is imported only when there is work for it

        processes = workers if len(misses) >= PARALLEL_FROM else 1
        batch = []
        results = extract(misses, model, processes)
        if progress:
            results = progress(results, total=len(misses), desc="entities")
        for article, entities in zip(misses, results):
            found[article.content_hash] = entities
            batch.append((article.content_hash, entities))
            if len(batch) >= CACHE_BATCH:
                cache.put_many(batch, signature)
                batch = []
        cache.put_many(batch, signature)
    return [a.with_entities(found[a.content_hash]) for a in articles], counts


def _extract_all(articles: list[Article], model: str) -> list:
    """Entities of every article, in a child process (see `isolated`)."""
    from .ner import extract

    return list(extract(articles, model, 1))
