"""Static word embeddings from the ``wordllama`` package, which ships its weights.

The weights (a 256-dimensional embedding per token, 16 MB) and the tokenizer come out of the
installed package; nothing is downloaded. ``wordllama``'s own loader looks for the tokenizer in
the wrong folder and then tries the network, so the files are opened here directly.

A text's vector is the IDF-weighted mean of its tokens' vectors, with the corpus mean and its
main directions removed (they encode "this is a use-case description", not what it is about).
When the package is missing the core falls back to words alone and says so (``Embedder.load``
returns None and ``UNAVAILABLE`` holds the reason).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import scipy.sparse as sp

log = logging.getLogger(__name__)

WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
UNAVAILABLE: list[str] = []


@dataclass
class Embedder:
    table: np.ndarray  # tokens x dimensions
    tokenizer: Any

    @classmethod
    def load(cls) -> Embedder | None:
        if _CACHE:
            return _CACHE[0]
        try:
            from safetensors import safe_open
            from wordllama import WordLlama

            root = resources.files("wordllama")
            with resources.as_file(root / WEIGHTS) as path, safe_open(path, framework="np") as f:
                table = f.get_tensor("embedding.weight").astype(np.float32)
            with resources.as_file(root / TOKENIZER) as path:
                tokenizer = WordLlama.load_tokenizer(path)
        except Exception as exc:  # any failure means: words only
            UNAVAILABLE[:] = [f"word embeddings unavailable ({type(exc).__name__}: {exc})"]
            log.warning(UNAVAILABLE[0])
            return None
        _CACHE.append(cls(table, tokenizer))
        return _CACHE[0]

    def counts(self, texts: list[str]) -> sp.csr_matrix:
        """Token counts per text (texts x vocabulary)."""
        encoded = self.tokenizer.encode_batch([t.lower() for t in texts], add_special_tokens=False)
        indices: list[int] = []
        indptr = [0]
        for e in encoded:
            indices.extend(e.ids)
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float32)
        m = sp.csr_matrix(
            (data, np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
            shape=(len(texts), self.table.shape[0]),
        )
        m.sum_duplicates()
        return m


_CACHE: list[Embedder] = []


@dataclass
class EmbeddingSpace:
    """Fitted on a corpus: token IDF, the corpus mean and the directions removed."""

    embedder: Embedder
    idf: np.ndarray
    mean: np.ndarray
    components: np.ndarray

    REMOVED = 3
    MIN_TEXTS_FOR_REMOVAL = 100

    @classmethod
    def fit(cls, embedder: Embedder, texts: list[str]) -> tuple[EmbeddingSpace, np.ndarray]:
        counts = embedder.counts(texts)
        df = np.asarray((counts > 0).sum(axis=0)).ravel()
        idf = (np.log((1 + len(texts)) / (1 + df)) + 1).astype(np.float32)
        raw = _weighted_mean(embedder, counts, idf)
        mean = raw.mean(axis=0)
        centred = raw - mean
        # Main directions are only a corpus's common tone when it has many texts.
        k = cls.REMOVED if len(texts) >= cls.MIN_TEXTS_FOR_REMOVAL else 0
        components = (
            np.linalg.svd(centred, full_matrices=False)[2][:k]
            if k
            else np.zeros((0, raw.shape[1]), np.float32)
        )
        space = cls(embedder, idf, mean, components.astype(np.float32))
        return space, space._finish(raw)

    def transform(self, texts: list[str]) -> np.ndarray:
        return self._finish(_weighted_mean(self.embedder, self.embedder.counts(texts), self.idf))

    def _finish(self, raw: np.ndarray) -> np.ndarray:
        v = raw - self.mean
        if len(self.components):
            v = v - (v @ self.components.T) @ self.components
        return _unit(v)


def _weighted_mean(embedder: Embedder, counts: sp.csr_matrix, idf: np.ndarray) -> np.ndarray:
    weights = counts.copy()
    weights.data = 1 + np.log(weights.data)
    return _unit(np.asarray(weights @ sp.diags(idf) @ embedder.table, dtype=np.float32))


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return (m / np.where(norms == 0, 1, norms)).astype(np.float32)
