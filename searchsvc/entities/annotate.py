"""Give articles their entities, from the cache when the same text was seen by the same model."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata

from ..ingest.articles import Article, ArticleError, Entities
from . import ner_service
from .cache import EntityCache
from .ner import RULES_VERSION
from .ner_cluster import ClusterReport, extract_on_cluster
from .quotes import QUOTE_RULES_VERSION

PARALLEL_FROM = 200  # fewer misses than this are not worth starting worker processes
CACHE_BATCH = 500
# What a write's NER reads in a second, counted low: measured 4,000-6,600 words/s (en_core_web_sm, a
# loaded 2-core machine, 2026-12), after 1-3 s loading the model; memory grows with the text too
# (1.7 GB for 500,000 characters), so a body it cannot read in time is refused before it starts
NER_WORDS_PER_SECOND = 2_000
PR_SET_PDEATHSIG = 1
SERVER_BATCH = 32  # texts per request to a service's server: its own writes wait no longer than one


class TooLongForEntities(ArticleError):
    """A write's text that entity extraction cannot read within its time (the service's NER_TIMEOUT)."""


class EntitiesBusy(RuntimeError):
    """The service's entity extraction did not take up a write's text within its time: other writes
    held it, or it was being started again."""


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
    return f"{model}@{version}+rules{RULES_VERSION}+quotes{QUOTE_RULES_VERSION}"


def annotate(
    articles: list[Article],
    cache: EntityCache,
    model: str,
    workers: int = 1,
    progress: Callable | None = None,
    cluster: str | None = None,
    isolated: bool = False,
    timeout: float | None = None,
    server: str | None = None,
) -> tuple[list[Article], AnnotateCounts]:
    """Return the articles with entities, running NER only on texts not in the cache: in `workers`
    local processes, or on the Dask cluster at the address `cluster`. `isolated` runs it in a
    short-lived child process, so that this one never loads the model (a service's worker would
    otherwise keep its 150 MB for good after one write), that dies with this one; with a `timeout`,
    texts too long to read in that time are refused (TooLongForEntities) and the child is stopped
    when it runs past it. `server` is the socket of a service's entity-extraction server (ner_service.py):
    an isolated call sends it the texts and waits for it; any other sends it fewer than PARALLEL_FROM,
    and extracts here when no server answers."""
    signature = model_signature(model)
    found = cache.get_many((a.content_hash for a in articles), signature)
    misses = list({a.content_hash: a for a in articles if a.content_hash not in found}.values())
    counts = AnnotateCounts(extracted=len(misses), cached=len(articles) - len(misses))
    if misses and cluster:

        def store(batch: list) -> None:  # each batch is kept as soon as it arrives
            cache.put_many(batch, signature)
            found.update(batch)

        counts.cluster = extract_on_cluster(misses, model, cluster, store, progress)
    elif misses and (results := _extract_elsewhere(misses, model, isolated, timeout, server)) is not None:
        for article, entities in zip(misses, results):
            found[article.content_hash] = entities
        cache.put_many([(a.content_hash, e) for a, e in zip(misses, results)], signature)
    elif misses:
        from .ner import extract  # spaCy is imported only when there is work for it

        processes = workers if len(misses) >= PARALLEL_FROM else 1
        batch = []
        extracted: Iterable[Entities] = extract(misses, model, processes)
        if progress:
            extracted = progress(extracted, total=len(misses), desc="entities")
        for article, entities in zip(misses, extracted):
            found[article.content_hash] = entities
            batch.append((article.content_hash, entities))
            if len(batch) >= CACHE_BATCH:
                cache.put_many(batch, signature)
                batch = []
        cache.put_many(batch, signature)
    return [a.with_entities(found[a.content_hash]) for a in articles], counts


def _extract_elsewhere(
    misses: list[Article], model: str, isolated: bool, timeout: float | None, server: str | None
) -> list | None:
    """Entities of `misses` from the service's server or a child process; None: extract them here."""
    if timeout:
        _refuse_too_long(misses, timeout)
    if server and (isolated or len(misses) < PARALLEL_FROM):
        try:
            return _extract_on_server(misses, model, server, timeout, wait=isolated)
        except ner_service.Unavailable:
            if isolated:
                raise EntitiesBusy("the entity extraction server did not answer in time; try again") from None
    return _extract_in_child(misses, model, timeout) if isolated else None


def _refuse_too_long(misses: list[Article], timeout: float) -> None:
    words = sum(len(a.subtitle.split()) + len(a.body.split()) for a in misses)
    most = int(timeout * NER_WORDS_PER_SECOND)
    if words > most:
        raise TooLongForEntities(
            f"the text is {words:,} words: more than entity extraction reads within a write's "
            f"{timeout:g} s (about {most:,} words); split it into several articles",
            field="body",
        )


def _extract_on_server(misses: list[Article], model: str, server: str, timeout: float | None, wait: bool) -> list:
    """Entities of `misses` from the server at `server`, in requests of SERVER_BATCH texts, so that
    a service's writes wait for no more than one of them. With `wait`, a server being started again is
    waited for until the deadline; past it, the text is refused or the write told to try again."""
    deadline = time.monotonic() + timeout if timeout else None
    results: list = []
    try:
        for start in range(0, len(misses), SERVER_BATCH):
            results += ner_service.ask(server, model, misses[start : start + SERVER_BATCH], deadline, wait)
    except ner_service.Overrun:
        raise TooLongForEntities(
            f"entity extraction did not finish within {timeout:g} s; split the text into several articles", field="body"
        ) from None
    except ner_service.Busy:
        raise EntitiesBusy(
            f"entity extraction did not take up the text within {timeout:g} s: other writes held it; try again"
        ) from None
    return results


def _extract_in_child(misses: list[Article], model: str, timeout: float | None) -> list:
    """Entities of `misses` from a spawned child process, which dies with this one in every path:
    killed at the deadline, killed by the kernel when this process dies (even by SIGKILL)."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, misses, model, os.getpid()), daemon=True, name="searchsvc-ner")
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise TooLongForEntities(
                f"entity extraction did not finish within {timeout:g} s; split the text into several articles",
                field="body",
            )
        outcome, value = receiver.recv()
    except EOFError:
        raise RuntimeError(f"the entity extraction process died (exit code {child.exitcode})") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if outcome != "ok":
        raise RuntimeError(f"entity extraction failed: {value}")
    return value


def _child(sender, articles: list[Article], model: str, parent: int) -> None:
    """In the child: die with the parent, then send back every article's entities (or the error)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    from .ner import extract

    try:
        sender.send(("ok", list(extract(articles, model, 1))))
    except Exception as error:  # the parent reports it; the child has no log of its own
        sender.send(("error", repr(error)))
