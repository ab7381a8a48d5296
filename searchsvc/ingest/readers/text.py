"""Bytes to text: UTF-8 first, then Windows-1252, then Latin-1, which always decodes."""
from __future__ import annotations

from ..articles import ArticleError

FALLBACKS = ("cp1252", "latin-1")


def decode(data: bytes, *, preferred: str = "utf-8") -> str:
    """Decode a file's bytes, refusing binary data; strip a byte-order mark."""
    if b"\x00" in data[:4096]:
        raise ArticleError("binary file (NUL bytes), not text")
    for encoding in (preferred, *FALLBACKS):
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
    raise ArticleError("undecodable text")  # unreachable: latin-1 decodes any bytes
