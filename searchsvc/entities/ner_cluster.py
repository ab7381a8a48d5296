"""Entity extraction on a Dask cluster (`rebuild --dask ADDRESS`): the texts the cache has not seen
go to the cluster's workers in batches; each worker loads the spaCy model once and keeps it; each
batch's entities come back as soon as it is done and go straight into the entity cache, so a
rebuild stopped half-way keeps what was extracted. A batch whose worker dies is computed again by
Dask (`retries`); the rebuild says how many workers it lost. Reading the sources and writing the
index stay on the machine that runs the rebuild.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..ingest.articles import Article, Entities

BATCH = 64  # texts per task: large enough to keep a worker busy, small enough to lose little
RETRIES = 3  # times Dask computes a batch again after its worker died
CONNECT_TIMEOUT = "30s"


@dataclass
class ClusterReport:
    workers: int = 0  # workers when the extraction started
    workers_lost: int = 0  # workers that left (died) during it; their batches were computed again
    batches: int = 0


def extract_batch(texts: list[str], model: str) -> list[Entities]:
    """Run on a worker: the entities of each text (the model is loaded once per worker process)."""
    from .ner import entities_from_doc, load_model, with_quotes

    nlp = load_model(model)
    return [with_quotes(doc, entities_from_doc(doc)) for doc in nlp.pipe(texts, batch_size=32)]


def extract_on_cluster(
    misses: list[Article],
    model: str,
    address: str,
    store: Callable[[list[tuple[str, Entities]]], None],
    progress: Callable | None = None,
) -> ClusterReport:
    """Extract the entities of `misses` on the cluster, handing each finished batch to `store`."""
    from distributed import Client, as_completed

    from .ner import ner_text

    report = ClusterReport()
    with Client(address, timeout=CONNECT_TIMEOUT) as client:
        before = set(client.scheduler_info()["workers"])
        report.workers = len(before)
        batches = [misses[i : i + BATCH] for i in range(0, len(misses), BATCH)]
        futures = {
            client.submit(extract_batch, [ner_text(a) for a in batch], model, pure=False, retries=RETRIES): batch
            for batch in batches
        }
        report.batches = len(futures)
        done = as_completed(futures)
        if progress:
            done = progress(done, total=len(futures), desc="entities (cluster batches)")
        for future in done:
            batch = futures[future]
            store([(article.content_hash, found) for article, found in zip(batch, future.result())])
        report.workers_lost = len(before - set(client.scheduler_info()["workers"]))
    return report
