"""Read replicas: a generation is a folder, so a replica is a copy. Publishing copies the current
generation to the replica's index folder with rsync (into a new folder, hard-linking the files the
replica already has), with the editors' corrections, then switches the replica's CURRENT pointer by
rename; the replica's workers see the new generation at their next search, as after a rebuild.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .corrections_store import CorrectionStore, write_json
from .generations import Generations


class PublishFailed(RuntimeError):
    """rsync is missing or could not copy the generation."""


def publish(source: Path, replica: Path, write_timeout: float = 10.0) -> str:
    """Copy the source's current generation to the replica folder and switch the replica to it;
    return the replica's new generation name. The source's write lock is held during the copy, so
    no add or delete changes the generation half-way."""
    rsync = shutil.which("rsync")
    if rsync is None:
        raise PublishFailed("rsync is not installed (Debian: apt-get install rsync)")
    origin, target = Generations(source), Generations(replica)
    replica.mkdir(parents=True, exist_ok=True)
    build_dir = target.new_build_dir()
    previous = target.current_name()
    link = [f"--link-dest={(replica / previous).resolve()}"] if previous else []
    with origin.write_lock(write_timeout):
        copied = subprocess.run(
            [rsync, "-a", "--delete", *link, f"{origin.current()}/", f"{build_dir}/"], capture_output=True, text=True
        )
        corrections = CorrectionStore(source).export()  # as the copied articles carry them
    if copied.returncode != 0:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise PublishFailed(f"rsync failed ({copied.returncode}): {copied.stderr.strip()}")
    # a replica that is promoted, or rebuilt, keeps the editors' corrections
    write_json(CorrectionStore(replica).path, corrections)
    name = target.publish(build_dir)  # the generation first, the pointer last, each by rename
    target.clean()
    return name
