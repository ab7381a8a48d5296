"""Turn source files and folders into Articles, detecting each file's format."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..articles import Article, ArticleError, Problem, check_article
from . import feeds, jsonfile, plaintext, reuters, scraped, webpage
from .source import SourceFile

Reader = Callable[[SourceFile], Iterable["Article | Problem"]]
READERS: dict[str, Reader] = {
    "scraped": scraped.read,
    "text": plaintext.read,
    "json": jsonfile.read_json,
    "jsonl": jsonfile.read_jsonl,
    "reuters": reuters.read,
    "html": webpage.read,
    "feed": feeds.read,
}
FORMATS = tuple(READERS)
EXTENSIONS = {
    "scraped": {".txt", ".text", ""},
    "text": {".txt", ".text", ""},
    "json": {".json"},
    "jsonl": {".jsonl", ".ndjson"},
    "reuters": {".sgm", ".sgml"},
    "html": {".html", ".htm", ""},
    "feed": {".rss", ".atom", ".xml", ""},
}
SKIPPED_NAMES = ("readme", "license", "licence", "changes")
# A body beyond this is not an article (a dump, a book): refused, so that one file cannot make
# every search that hits it re-highlight megabytes. About 300,000 words.
MAX_BODY_CHARS = 2_000_000
# A file that holds one article is refused by its size before it is read: a UTF-8 character takes at
# most 4 bytes, and a page's markup is not its text (a 500 MB .txt was read whole, 2.65 GB, to say so)
ONE_ARTICLE_FORMATS = {"text": 4, "scraped": 4, "html": 16}  # format -> bytes per body character allowed


def detect_format(file: SourceFile) -> str:
    """Pick the reader for a file from its extension, then from its first lines."""
    suffix = file.path.suffix.lower()
    for name in ("json", "jsonl", "reuters"):
        if suffix in EXTENSIONS[name]:
            return name
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".rss", ".atom"):
        return "feed"
    if suffix == ".xml":  # XML is a feed only when its first element says so
        if feeds.looks_feed(file.head()[:4000]):
            return "feed"
        raise ArticleError("unsupported file type '.xml': not an RSS or Atom feed")
    if suffix not in EXTENSIONS["text"]:
        raise ArticleError(f"unsupported file type {suffix!r}")
    head = file.head()[:4000]
    if not suffix:  # a saved page or feed without its extension
        if webpage.looks_html(head):
            return "html"
        if feeds.looks_feed(head):
            return "feed"
    if reuters.looks_reuters(head):
        return "reuters"
    return "scraped" if scraped.looks_scraped(head) else "text"


def source_files(paths: Iterable[Path], fmt: str | None = None) -> Iterator[SourceFile | Problem]:
    """Walk files and folders in a stable order; --format narrows folders to its extensions.

    Links inside a folder are read only when they resolve inside it: a link to /etc/passwd in an
    archive folder is reported, never indexed. Linked folders are not followed."""
    for path in paths:
        path = Path(path)
        if path.is_file():
            yield SourceFile(path)
        elif path.is_dir():
            yield from _folder_files(path, fmt)
        else:
            yield Problem(str(path), "no such file or folder")


def _folder_files(folder: Path, fmt: str | None) -> Iterator[SourceFile | Problem]:
    inside = folder.resolve()
    found: list[Path] = []
    for here, dirs, files in os.walk(folder):  # followlinks=False: linked folders are not walked
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(here) / name for name in files if not name.startswith("."))
        for name in dirs:
            linked = Path(here) / name
            if linked.is_symlink() and not linked.resolve().is_relative_to(inside):
                found.append(linked)
    for path in sorted(found):
        if path.name.lower().startswith(SKIPPED_NAMES):
            continue
        if fmt and not path.is_dir() and path.suffix.lower() not in EXTENSIONS[fmt]:
            continue
        origin = f"{inside.name}/{path.relative_to(folder).as_posix()}"
        if path.is_symlink() and not path.resolve().is_relative_to(inside):
            yield Problem(origin, "a link to a file or folder outside the source folder; not read")
        elif path.is_file():
            yield SourceFile(path, root=folder)


def read_file(file: SourceFile, fmt: str | None = None) -> Iterator[Article | Problem]:
    """Read one file; any failure becomes a Problem that names the file, and no exception."""
    try:
        fmt = fmt or detect_format(file)
        if fmt in ONE_ARTICLE_FORMATS and file.size > MAX_BODY_CHARS * ONE_ARTICLE_FORMATS[fmt]:
            raise ArticleError(
                f"body too long: the file is {file.size:,} bytes, more than one article's body "
                f"may hold (the limit is {MAX_BODY_CHARS:,} characters); not read"
            )
        for item in READERS[fmt](file):
            if isinstance(item, Article) and len(item.body) > MAX_BODY_CHARS:
                item = Problem(
                    file.origin,
                    f"body too long: {len(item.body):,} characters; "
                    f"the limit is {MAX_BODY_CHARS:,} (article {item.id})",
                )
            elif isinstance(item, Article):
                try:
                    check_article(item)  # whatever the reader: text the index cannot store is refused
                except ArticleError as error:
                    item = Problem(file.origin, f"{error} (article {item.id})")
            yield item
    except ArticleError as error:
        yield Problem(file.origin, str(error))
    except (OSError, MemoryError) as error:
        yield Problem(file.origin, f"cannot read: {error}")


def read_sources(paths: Iterable[Path], fmt: str | None = None) -> Iterator[Article | Problem]:
    """Yield every Article in the sources, and a Problem for each file or record skipped."""
    for item in source_files(paths, fmt):
        if isinstance(item, Problem):
            yield item
        else:
            yield from read_file(item, fmt)
