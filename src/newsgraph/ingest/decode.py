"""Bytes -> text: decompression, binary detection, an encoding cascade, size limits."""

from __future__ import annotations

import gzip
import io
import logging
import zlib

from charset_normalizer import from_bytes

from newsgraph.errors import InputError

log = logging.getLogger(__name__)

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
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            text = data.decode(utf16)
            head = text[:2048]
            if sum(ch.isprintable() or ch in "\n\r\t" for ch in head) >= 0.95 * len(head):
                return text
        except UnicodeDecodeError:
            pass
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
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
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


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes (a cut multi-byte character, a stray Latin-1 byte):
    the bad bytes become U+FFFD rather than the whole text being read in a guessed
    single-byte encoding ("Trump’s" as "Trump‚Äôs"). None unless the valid multi-byte
    characters far outnumber the bad bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if 0 < bad <= 16 and multibyte >= 4 * bad:
        log.warning("%d byte(s) that are not UTF-8 replaced by U+FFFD", bad)
        return text
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for text of mostly ASCII letters written in UTF-16 with
    no byte-order mark: every other byte is zero, the others mostly are not."""
    head = data[:4096]
    if len(head) < 16 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.9 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.9 and zeros_odd < 0.05:
        return "utf-16-be"
    return None
