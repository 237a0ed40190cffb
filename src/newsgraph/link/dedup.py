"""Near-duplicate articles: MinHash signatures of word shingles (datasketch), banded for
locality-sensitive lookup in the store.

Wire copies, republications and updated versions share most 4-word shingles even when
paragraphs are reordered or a few sentences reworded. With 128 permutations in 32
bands of 4 rows, two texts with Jaccard similarity 0.5 share a band with probability
about 0.87; candidates are then checked on the full signatures.
"""

from __future__ import annotations

import re
from hashlib import blake2b

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 4
SEED = 7
THRESHOLD = 0.5  # estimated Jaccard similarity at which an article is a near-duplicate

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray:
    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    m.update_batch(list(shingles(text)))
    return m.hashvalues.astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[str]:
    """One key per band: the rows of a band hashed together (a stable hash: the keys are
    stored and looked up across runs)."""
    return [f"{b}:{blake2b(sig[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).hexdigest()}"
            for b in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a == b)) / len(a)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype(np.uint32).tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint32)
