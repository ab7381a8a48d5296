"""Where editors' corrections are kept: one JSON file beside the index, across its generations, so
that every rebuild applies them and a newsroom can keep them under version control; and, in each
generation's folder, the corrections its articles were written with.

A correction is stored first, then the articles it touches are rewritten (index/corrector.py): the
file is the write-ahead log. A rewrite killed half-way leaves the generation's record behind the
file, and the next write, sync or start brings it up to date.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from ..entities.corrections import Correction, CorrectionRefused, well_formed

FILE = "corrections.json"  # in the index folder
APPLIED_FILE = "corrections-applied.json"  # in a generation's folder
FORMAT = 1


class CorrectionStore:
    """The corrections of one index folder, read and written whole (there are hundreds, not millions);
    the caller holds the index's write lock to change them."""

    def __init__(self, root: Path):
        self.path = Path(root) / FILE

    def all(self) -> list[Correction]:
        return self._read()[1]

    def add(self, correction: Correction) -> Correction:
        next_id, corrections = self._read()
        stored = Correction(
            **{**correction.as_dict(), "id": next_id, "time": datetime.now(UTC).isoformat(timespec="seconds")}
        )
        self._write(next_id + 1, [*corrections, stored])
        return stored

    def remove(self, correction_id: int) -> Correction | None:
        next_id, corrections = self._read()
        found = next((c for c in corrections if c.id == correction_id), None)
        if found is not None:
            self._write(next_id, [c for c in corrections if c.id != correction_id])
        return found

    def replace_all(self, corrections: list[Correction]) -> None:
        """Keep exactly these (an import): their ids are kept, new ones go on from the highest."""
        next_id = max([c.id for c in corrections] + [self._read()[0] - 1]) + 1
        self._write(next_id, corrections)

    def export(self) -> dict:
        return {"format": FORMAT, "corrections": [c.as_dict() for c in self.all()]}

    def _read(self) -> tuple[int, list[Correction]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return 1, []
        corrections = [Correction.from_dict(item) for item in data.get("corrections", [])]
        return data.get("next_id", 1 + max([c.id for c in corrections], default=0)), corrections

    def _write(self, next_id: int, corrections: list[Correction]) -> None:
        write_json(self.path, {"format": FORMAT, "next_id": next_id, "corrections": [c.as_dict() for c in corrections]})


def from_export(data: object) -> list[Correction]:
    """The corrections of an exported file, each checked; CorrectionRefused(422) names the first bad one."""
    items = data.get("corrections") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise CorrectionRefused(
            422, 'expected {"corrections": [...]} as `searchsvc entities corrections export` writes'
        )
    found, ids = [], set()
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise CorrectionRefused(422, f"correction {number}: expected an object")
        try:
            correction = well_formed(Correction.from_dict({"note": "", **item}))
        except TypeError as error:
            raise CorrectionRefused(422, f"correction {number}: {error}") from None
        except CorrectionRefused as error:
            raise CorrectionRefused(422, f"correction {number}: {error}") from None
        if not isinstance(correction.id, int) or correction.id < 1 or correction.id in ids:
            raise CorrectionRefused(422, f"correction {number}: its id must be a positive number, once")
        ids.add(correction.id)
        found.append(correction)
    return found


def applied(folder: Path) -> list[Correction]:
    """The corrections a generation's articles were written with."""
    try:
        data = json.loads((folder / APPLIED_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    return [Correction.from_dict(item) for item in data["corrections"]]


def mark_applied(folder: Path, corrections: list[Correction]) -> None:
    write_json(folder / APPLIED_FILE, {"format": FORMAT, "corrections": [c.as_dict() for c in corrections]})


def stamp(folder: Path) -> tuple[int, int] | None:
    """Changes when a generation's applied corrections change (for those who cache what they imply)."""
    try:
        found = (folder / APPLIED_FILE).stat()
    except FileNotFoundError:
        return None
    return found.st_mtime_ns, found.st_size


def write_json(path: Path, data: dict) -> None:
    """Write a file whole or not at all: a temporary file, synced, then renamed over it."""
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=1)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
