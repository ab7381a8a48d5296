"""The word lists of the entity rules, kept as data in words/<module>.toml and read when the module is imported."""

from __future__ import annotations

import tomllib
from pathlib import Path

FOLDER = Path(__file__).with_name("words")


def read_words(module: str) -> dict:
    """All the lists of words/`module`.toml."""
    return tomllib.loads((FOLDER / f"{module}.toml").read_text(encoding="utf-8"))


def word_set(words: dict, key: str) -> frozenset[str]:
    """One list as a set."""
    return frozenset(words[key])


def word_table(words: dict, key: str) -> dict[str, str]:
    """One table of words to words."""
    return dict(words[key])
