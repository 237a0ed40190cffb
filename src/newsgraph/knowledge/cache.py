"""A cache of compiled knowledge, keyed by the contents of the files it was built from.

Start-up cost grows with the knowledge (the CAMEO lexicon alone has thousands of
patterns); what was compiled from unchanged files is loaded from a pickle instead. The
key is a SHA-256 of the package version, the builder's name and every source file's
bytes, so an edited file (the package's or a user's) is never served stale. The cache
is only a speed-up: any error reading or writing it falls back to building.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
FORMAT = 3  # bump when the pickled classes change shape


def cache_key(name: str, files: Iterable[Path]) -> str:
    from newsgraph import __version__

    h = hashlib.sha256(f"{name}|{__version__}|{FORMAT}".encode())
    for path in sorted(Path(p) for p in files):
        h.update(str(path.name).encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<missing>")
    return h.hexdigest()[:32]


def cached(directory: Path | None, name: str, files: Iterable[Path],
           build: Callable[[], T]) -> T:
    """``build()``, or what an earlier ``build()`` of the same files returned."""
    if directory is None:
        return build()
    path = Path(directory) / f"{name}-{cache_key(name, files)}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        pass
    except Exception as exc:  # a broken or foreign cache file: rebuild it
        log.debug("knowledge cache %s unreadable (%s); rebuilding", path, exc)
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        log.debug("knowledge cache %s not written: %s", path, exc)
    return value
