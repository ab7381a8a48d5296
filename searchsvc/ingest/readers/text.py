"""Bytes to text: UTF-8 first, then Windows-1252, then Latin-1, which always decodes; and the HTML
character references that plain-text sources carry ("Jos&#233;", "&#163;8m")."""

from __future__ import annotations

import html
import re

from ..articles import ArticleError

FALLBACKS = ("cp1252", "latin-1")
# Only complete references, ended by ";": "AT&T" and "&not" in prose stay as written
REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


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


def decode_references(text: str) -> str:
    """Replace HTML character references with their characters: "&#163;8m" is "£8m"."""
    return REFERENCE.sub(lambda match: html.unescape(match.group()), text) if "&" in text else text
