"""Bytes -> text: decompression, binary detection, an encoding cascade, size limits."""

from __future__ import annotations

import gzip
import io
import zlib

from charset_normalizer import from_bytes

from newsgraph.errors import InputError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Magic numbers of common binary formats, checked before any decoding guess.
_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"MZ",
    b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"OggS", b"ID3", b"RIFF", b"\x00asm",
    b"SQLite format 3", b"DUCK",
)


def check_size(n: int, limit: int) -> None:
    if n > limit:
        raise InputError(f"over the size limit ({n:,} bytes > {limit:,})")


def decompress(data: bytes, limit: int) -> bytes:
    """Gzip/zlib by magic bytes, never by file name; the result obeys the size limit."""
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                out = fh.read(limit + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"corrupt gzip data: {exc}") from exc
        check_size(len(out), limit)
        return out
    return data


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if any(head.startswith(m) for m in _BINARY_MAGIC):
        return True
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return len(head) > 0 and controls / len(head) > 0.05


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode with: BOM, then UTF-8, then a declared charset, then charset_normalizer's
    best guess. Raises InputError for binary or undecodable data."""
    if looks_binary(data):
        raise InputError("binary content, not text")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"undecodable text: bad {codec} ({exc.reason})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    guess = from_bytes(data[:200_000]).best()
    # A guess that needs many unusual characters to read the bytes is noise, not text.
    if guess is None or guess.chaos > 0.3:
        raise InputError("undecodable text: not UTF-8 and no encoding reads it as text")
    try:
        return data.decode(guess.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"undecodable text: {exc}") from exc
