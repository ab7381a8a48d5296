"""What a run over the sources needs and meets: its sources checked, its problems noted, its summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..entities.ner_cluster import ClusterReport
from ..ingest.articles import Problem
from .errors import RebuildFailed

ProblemHandler = Callable[[Problem], None]


@dataclass
class Outcome:
    """What any run over the sources met, beside what it changed."""

    entities_extracted: int = 0
    entities_cached: int = 0
    skipped: Counter = field(default_factory=Counter)  # by kind of problem
    warnings: Counter = field(default_factory=Counter)  # records indexed without a bad field
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Summary(Outcome):
    cluster: ClusterReport | None = None  # how entity extraction went on a Dask cluster
    read: int = 0
    indexed: int = 0
    duplicates: int = 0
    edits_applied: int = 0
    generation: str = ""


@dataclass
class SyncSummary(Outcome):
    files: int = 0
    changed_files: int = 0
    removed_files: int = 0
    put: int = 0
    deleted: int = 0
    documents: int = 0


def existing_sources(sources: Iterable[Path]) -> list[Path]:
    """The sources as paths; RebuildFailed naming those that do not exist, before anything is read."""
    paths = [Path(p) for p in sources]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise RebuildFailed(f"no such file or folder: {', '.join(missing)}; the index is unchanged")
    return paths


def note_problem(item: Problem, summary: Outcome, strict: bool, on_problem: ProblemHandler | None) -> None:
    """Count a problem in the summary and pass it on; with `strict`, a skipped record fails the run."""
    if strict and not item.kept:
        raise RebuildFailed(f"skipped {item} (--strict)")
    summary.problems.append(item)
    (summary.warnings if item.kept else summary.skipped)[item.kind] += 1
    if on_problem:
        on_problem(item)
