"""Samples of a shared corpus copied into a temporary folder (never into the project), for tests
and benchmarks. Copied, not linked: a link out of a source folder is not read.

Plain Python, no pytest and no searchsvc, like devtools/server.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_sample(corpus: Path, into: Path, per_category: int | None = None) -> Path:
    """The first `per_category` files of each category folder (all of them with None), copied."""
    for category in sorted(p for p in corpus.iterdir() if p.is_dir()):
        (into / category.name).mkdir(parents=True)
        for file in sorted(category.glob("*.txt"))[:per_category]:
            shutil.copy(file, into / category.name / file.name)
    return into
