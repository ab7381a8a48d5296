"""What each source file gave a generation: its content hash and the ids of its articles, so that
`sync` re-reads only files that are new or changed, and deletes what removed files gave.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

FILE = "sources.json"  # kept in each generation's folder
CHUNK = 1 << 20


@dataclass
class SourceEntry:
    digest: str
    ids: list[str]


@dataclass
class Manifest:
    """Source file origin (collection/relative path) -> what it gave."""

    files: dict[str, SourceEntry] = field(default_factory=dict)

    def save(self, folder: Path) -> None:
        """Write beside the index, atomically: a crash leaves the old manifest or the new one."""
        data = {origin: {"digest": e.digest, "ids": e.ids} for origin, e in sorted(self.files.items())}
        temporary = folder / f"{FILE}.tmp"
        temporary.write_text(json.dumps(data, ensure_ascii=False))
        os.replace(temporary, folder / FILE)

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        """The manifest of a generation, or None for one built before manifests were kept."""
        try:
            data = json.loads((folder / FILE).read_text())
        except FileNotFoundError:
            return None
        return cls({origin: SourceEntry(e["digest"], e["ids"]) for origin, e in data.items()})

    def ids_from(self, origin: str) -> list[str]:
        entry = self.files.get(origin)
        return entry.ids if entry else []

    def origins_under(self, collection: str) -> list[str]:
        """The files of one source folder (named by the folder, as origins are)."""
        return [origin for origin in self.files if origin.startswith(f"{collection}/")]


def digest_of(path: Path) -> str:
    """The hash of a file's bytes, read in chunks (JSON Lines files can be large)."""
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
