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
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
import scipy.sparse as sp

from koers.textmine.text import language, tokens

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
    language_means: dict[str, np.ndarray] = field(default_factory=dict)

    REMOVED = 3
    MIN_TEXTS_FOR_REMOVAL = 100
    MIN_TEXTS_PER_LANGUAGE = 3

    @classmethod
    def fit(cls, embedder: Embedder, texts: list[str]) -> tuple[EmbeddingSpace, np.ndarray]:
        counts = embedder.counts(texts)
        df = np.asarray((counts > 0).sum(axis=0)).ravel()
        idf = (np.log((1 + len(texts)) / (1 + df)) + 1).astype(np.float32)
        raw = _weighted_mean(embedder, counts, idf)
        mean = raw.mean(axis=0)
        langs = [text_language(t) for t in texts]
        # Each language's own mean is its "tone": taken out, a Dutch and an English text about the
        # same need are no longer set apart by their language.
        means = {
            lang: raw[[i for i, x in enumerate(langs) if x == lang]].mean(axis=0)
            for lang in set(langs)
            if langs.count(lang) >= cls.MIN_TEXTS_PER_LANGUAGE
        }
        centred = raw - np.stack([means.get(x, mean) for x in langs]) if len(texts) else raw
        # Main directions are only a corpus's common tone when it has many texts.
        k = cls.REMOVED if len(texts) >= cls.MIN_TEXTS_FOR_REMOVAL else 0
        components = _main_directions(centred, k)
        space = cls(embedder, idf, mean, components.astype(np.float32), means)
        return space, space._finish(raw, langs)

    def transform(self, texts: list[str]) -> np.ndarray:
        raw = _weighted_mean(self.embedder, self.embedder.counts(texts), self.idf)
        return self._finish(raw, [text_language(t) for t in texts])

    def _finish(self, raw: np.ndarray, langs: list[str]) -> np.ndarray:
        if not len(raw):
            return raw
        v = raw - np.stack([self.language_means.get(x, self.mean) for x in langs])
        if len(self.components):
            v = v - (v @ self.components.T) @ self.components
        return _unit(v)


def _main_directions(m: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` main directions of the rows of ``m`` (its top right singular vectors), from the
    small dimensions x dimensions matrix: much faster than an SVD of the whole corpus."""
    if not k:
        return np.zeros((0, m.shape[1]), np.float32)
    values, vectors = np.linalg.eigh(m.T.astype(np.float64) @ m)
    return vectors[:, np.argsort(-values)[:k]].T


def text_language(text: str) -> str:
    return language(tokens(text)[:200])


def _weighted_mean(embedder: Embedder, counts: sp.csr_matrix, idf: np.ndarray) -> np.ndarray:
    weights = counts.copy()
    weights.data = 1 + np.log(weights.data)
    return _unit(np.asarray(weights @ sp.diags(idf) @ embedder.table, dtype=np.float32))


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return (m / np.where(norms == 0, 1, norms)).astype(np.float32)
