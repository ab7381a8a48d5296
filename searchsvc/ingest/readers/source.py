"""A source file as readers see it: where it lies, what collection it belongs to, its text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .text import decode

HEAD_BYTES = 16_384


@dataclass(frozen=True)
class SourceFile:
    """One file to read; `origin` names it the same way on every machine."""

    path: Path
    root: Path | None = None  # the folder it was found in, when a folder was given

    @property
    def origin(self) -> str:
        if self.root is None:  # named as if found in its folder: seeds/x.txt either way
            return f"{self.path.resolve().parent.name}/{self.path.name}"
        return f"{self.root.resolve().name}/{self.path.relative_to(self.root).as_posix()}"

    @property
    def collection(self) -> str:
        """The name of the folder given as a source, which usually names the collection."""
        return self.root.resolve().name if self.root is not None else ""

    @property
    def category(self) -> str:
        """The sub-folder of the source folder the file sits in (BBC's business, sport, ...)."""
        if self.root is None:
            return ""
        parts = self.path.relative_to(self.root).parts
        return parts[-2] if len(parts) >= 2 else ""

    @cached_property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def text(self) -> str:
        return decode(self.data)

    def head(self, size: int = HEAD_BYTES) -> str:
        """The first bytes as text, to tell the format by (never the whole file: it may be huge)."""
        with open(self.path, "rb") as stream:
            return decode(stream.read(size))
