"""Inputs -> a stream of ``Article`` or ``Rejected``: files, folders, JSON Lines (files or
stdin), HTML, RSS/Atom feeds and http(s) URLs. A bad item never stops the batch."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO

from newsgraph.errors import InputError
from newsgraph.ingest.article import Metadata, make_article
from newsgraph.ingest.dates import parse_published
from newsgraph.ingest.decode import check_size, decode, decompress
from newsgraph.ingest.feeds import looks_like_feed, read_feed
from newsgraph.ingest.fetch import fetch
from newsgraph.ingest.html import looks_like_html, read_html
from newsgraph.ingest.normalize import no_surrogates
from newsgraph.model import Article, Rejected
from newsgraph.settings import Settings

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".json", ".ndjson"}
FEED_EXT = {".rss", ".atom", ".xml"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | FEED_EXT

Item = Article | Rejected


def read_inputs(inputs: Iterable[str], meta: Metadata | None = None,
                settings: Settings | None = None, stdin: IO[str] | None = None) -> Iterator[Item]:
    """Every article of every input, in order; problems come as ``Rejected`` items."""
    meta = meta or Metadata()
    settings = settings or Settings()
    for spec in inputs:
        if spec == "-":
            yield from _guard("<stdin>", lambda: read_stdin(stdin or sys.stdin, meta,
                                                            settings))
        elif spec.startswith(("http://", "https://")):
            yield from _guard(spec, lambda s=spec: read_url(s, meta, settings))
        else:
            path = Path(spec)
            if path.is_dir():
                yield from read_folder(path, meta, settings)
            elif path.exists():
                yield from _guard(spec, lambda p=path: read_file(p, meta, settings))
            else:
                yield Rejected(spec, "no such file or folder")


def read_stdin(stream: IO[str], meta: Metadata, settings: Settings) -> Iterator[Item]:
    """JSON Lines, streamed, when the first line holds a JSON object; otherwise the whole
    input is one document (text, HTML or a feed), as a file would be."""
    lines = iter(stream)
    head: list[str] = []
    for line in lines:
        head.append(line)
        if line.strip():
            break
    if head and head[-1].lstrip().startswith("{"):
        yield from read_jsonl_lines(itertools.chain(head, lines), "<stdin>", meta, settings)
        return
    limit = settings.max_bytes
    text = "".join(head) + (stream.read() if limit is None else stream.read(limit + 1))
    data = text.encode("utf-8", "surrogatepass")
    if limit is not None:
        check_size(len(data), limit)
    yield from read_bytes(data, "<stdin>", meta, settings)


def _guard(origin: str, produce) -> Iterator[Item]:
    """Run a reader; an InputError before it yields anything rejects the whole item."""
    try:
        yield from produce()
    except InputError as exc:
        yield Rejected(origin, str(exc))
    except Exception as exc:  # a parser bug must not end the batch; say what happened
        yield Rejected(origin, f"could not read: {type(exc).__name__}: {exc}")


def read_folder(folder: Path, meta: Metadata, settings: Settings) -> Iterator[Item]:
    """Files below ``folder`` in name order; hidden files and folders are skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            yield from _guard(str(path), lambda p=path: read_file(p, meta, settings))


def read_file(path: Path, meta: Metadata, settings: Settings) -> Iterator[Item]:
    ext = path.suffix.lower()
    if ext == ".gz":
        ext = Path(path.stem).suffix.lower()
    if ext in JSONL_EXT:
        yield from _read_jsonl_file(path, meta, settings)
        return
    data = _read_regular(path, settings.max_bytes)
    yield from read_bytes(data, str(path), meta, settings, kind=_kind_of(ext))


def _read_regular(path: Path, limit: int | None) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them (all when None)."""
    with _opened_regular(path) as (fh, size):
        if limit is not None:
            check_size(size, limit)
        data = fh.read() if limit is None else fh.read(limit + 1)
    if limit is not None:
        check_size(len(data), limit)  # a file that grew after stat
    return data


@contextmanager
def _opened_regular(path: Path):
    """(binary file, size) of a regular file: a FIFO, a device or a socket is refused
    before it is opened (it could block, or never end); errors say why in words."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file (a pipe, device or socket is not read)")
        with open(path, "rb") as fh:
            yield fh, st.st_size
    except PermissionError as exc:
        raise InputError("unreadable: permission denied") from exc
    except OSError as exc:
        raise InputError(f"unreadable: {exc.strerror or exc}") from exc


def _kind_of(ext: str) -> str | None:
    if ext in TEXT_EXT:
        return "text"
    if ext in HTML_EXT:
        return "html"
    if ext in FEED_EXT:
        return "feed"
    return None


def read_bytes(data: bytes, origin: str, meta: Metadata, settings: Settings,
               kind: str | None = None, charset: str | None = None) -> Iterator[Item]:
    """One input's bytes -> its article(s). ``kind`` None means: sniff the content."""
    data = decompress(data, settings.max_bytes)
    if not data.strip():
        raise InputError("empty: no content")
    if kind is None or kind == "text":
        sniffed = _sniff(data)
        kind = sniffed if kind is None else kind
    if kind == "feed":
        yield from read_feed(data, origin, meta, settings)
        return
    if kind == "jsonl":
        text = decode(data, charset)
        yield from read_jsonl_lines(text.splitlines(keepends=True), origin, meta, settings)
        return
    text = decode(data, charset)
    if kind == "html":
        yield read_html(text, origin, meta)
    else:
        yield make_article(text, origin, meta)


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip().lower()
    if looks_like_feed(head):
        return "feed"
    if looks_like_html(head):
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def read_url(url: str, meta: Metadata, settings: Settings) -> Iterator[Item]:
    data, content_type, charset, final_url = fetch(url, settings)
    kind = None
    if "html" in content_type:
        kind = "html"
    elif any(t in content_type for t in ("rss", "atom", "xml")):
        kind = "feed"
    elif "json" in content_type:
        kind = "jsonl"
    meta = replace(meta, url=meta.url or final_url)
    yield from read_bytes(data, url, meta, settings, kind=kind, charset=charset)


def _read_jsonl_file(path: Path, meta: Metadata, settings: Settings) -> Iterator[Item]:
    """A JSON Lines file (gzip-compressed or not), streamed line by line: memory follows
    the byte limit of one line, not the file; a line over the limit is rejected without
    being held. Files in UTF-16/32 (with a byte-order mark) are read whole."""
    with _opened_regular(path) as (probe, _size):
        head = probe.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        text = decode(_read_regular(path, None))
        items = list(read_jsonl_lines(text.splitlines(keepends=True), str(path), meta,
                                      settings))
        if not items:
            raise InputError("empty: no JSON lines")
        yield from items
        return
    opener = gzip.open if head[:2] == b"\x1f\x8b" else open
    limit = settings.max_bytes
    items = 0
    try:
        with opener(path, "rb") as fh:
            for lineno, line in enumerate(_lines(fh, limit), 1):
                where = f"{path}:{lineno}"
                if line is None:
                    items += 1
                    yield Rejected(where, f"over the size limit ({limit:,} bytes)")
                elif b"\x00" in line:
                    items += 1
                    yield Rejected(where, "a NUL byte in the line (not JSON text)")
                elif line.strip():
                    try:
                        text = line.decode("utf-8")
                    except UnicodeDecodeError:
                        text = decode(line)  # the encoding cascade, for this line
                    if lineno == 1:
                        text = text.lstrip("\ufeff")
                    for item in read_jsonl_lines([text], str(path), meta, settings,
                                                 first=lineno):
                        items += 1
                        yield item
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"unreadable: {exc}") from exc
    if not items:
        raise InputError("empty: no JSON lines")


def _lines(fh, limit: int):
    """The lines of a binary file, each at most ``limit`` bytes; None for a longer one,
    whose bytes are skipped, not kept."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = fh.readline(1 << 20)
            yield None
            continue
        yield line


def read_jsonl_lines(lines: Iterable[str], origin: str, meta: Metadata,
                     settings: Settings, first: int = 1) -> Iterator[Item]:
    """JSON Lines: one article per line; each bad line is rejected as ``origin:line``
    (lines numbered from ``first``)."""
    for lineno, line in enumerate(lines, first):
        where = f"{origin}:{lineno}"
        if not line.strip():
            continue
        if "\x00" in line:
            yield Rejected(where, "a NUL byte in the line (not JSON text)")
            continue
        try:
            yield _article_from_json(line, where, meta, settings)
        except InputError as exc:
            yield Rejected(where, str(exc))
        except (ValueError, TypeError, UnicodeError) as exc:  # one line never stops a file
            yield Rejected(where, f"unreadable JSON line: {type(exc).__name__}: {exc}")


def _article_from_json(line: str, where: str, meta: Metadata, settings: Settings) -> Article:
    check_size(len(line.encode("utf-8", "surrogatepass")), settings.max_bytes)
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON line: {exc.msg} (column {exc.colno})") from exc
    if not isinstance(obj, dict):
        raise InputError("malformed JSON line: not an object")
    # JSON may escape lone surrogates ("\ud800"), which no UTF-8 text can hold
    obj = {k: no_surrogates(v) if isinstance(v, str) else v for k, v in obj.items()}
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError("JSON line has no 'text' string")
    for key in ("title", "url", "source"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise InputError(f"JSON field {key!r} must be a string")
    published = None
    if obj.get("published") not in (None, ""):
        published = parse_published(obj["published"])
    input_id = obj.get("id")
    return make_article(
        text, where, meta, input_id=None if input_id is None else str(input_id),
        url=obj.get("url"), source=obj.get("source"), title=obj.get("title"),
        published=published,
    )
