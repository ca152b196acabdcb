"""Duplicate detection: exact (hash of the normalised text) and near (MinHash + LSH over word shingles).

A wire story republished with another headline, a byline or a trailing paragraph changed is a near
duplicate: it is linked to the first copy and not extracted again.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
#: datasketch's hashing scheme, pinned: stored MinHashes must be read back with the one that made them.
SCHEME = "affine32"
SHINGLE = 5
#: Below this many words a text is too short for a meaningful similarity estimate.
MIN_WORDS = 40
DEFAULT_THRESHOLD = 0.75

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """Unicode-compatible, case-folded, one space between words: what "the same text" means."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def _shingles(text: str) -> list[bytes]:
    words = _WORD.findall(normalise(text))
    if len(words) < MIN_WORDS:
        return []
    return [" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)]


def minhash(text: str) -> MinHash | None:
    shingles = _shingles(text)
    if not shingles:
        return None
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(shingles)
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint32).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint32).copy(), scheme=SCHEME)


class NearDuplicateIndex:
    """An LSH index of the corpus's MinHashes; keys are document ids or pending tokens."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._hashes: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._hashes)

    def add(self, key: str, m: MinHash) -> None:
        if key in self._hashes:
            return
        self._lsh.insert(key, m)
        self._hashes[key] = m

    def remove(self, key: str) -> None:
        if key in self._hashes:
            self._lsh.remove(key)
            del self._hashes[key]

    def nearest(self, m: MinHash) -> tuple[str, float] | None:
        """The most similar indexed text with estimated Jaccard similarity >= threshold."""
        best: tuple[str, float] | None = None
        for key in self._lsh.query(m):
            sim = float(m.jaccard(self._hashes[key]))
            if sim >= self.threshold and (best is None or sim > best[1] or (sim == best[1] and key < best[0])):
                best = (key, sim)
        return best
