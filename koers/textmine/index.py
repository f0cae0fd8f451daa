"""Similarity between use-case texts: words (TF-IDF over stems) blended with word embeddings.

``similarity = WORDS x cosine(TF-IDF) + (1 - WORDS) x cosine(embeddings)``, in [0, 1]. Words catch
the shared vocabulary of one need; the embeddings catch the same need in other words. Without the
embeddings (package missing) the similarity is the TF-IDF cosine alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from koers.textmine.embed import Embedder, EmbeddingSpace
from koers.textmine.text import Terms

WORDS = 0.7
BLOCK = 1024


@dataclass(frozen=True)
class Match:
    index: int
    score: float
    terms: tuple[str, ...]  # shared key terms, as written


class TextIndex:
    """An immutable index over a list of texts; positions are the texts' indices."""

    def __init__(
        self, texts: Sequence[str], *, embeddings: bool = True, language: str | None = None
    ) -> None:
        """``language`` is the reader's: key terms are named in it when its texts allow."""
        self.texts = [t or "" for t in texts]
        n = len(self.texts)
        self.terms = Terms(language)
        self.vectorizer = TfidfVectorizer(
            analyzer=self.terms,
            min_df=2 if n >= 50 else 1,
            max_df=0.5 if n >= 20 else 1.0,
            sublinear_tf=True,
            dtype=np.float32,
        )
        self.words = sp.csr_matrix(np.zeros((n, 0), np.float32))
        self.vocabulary = np.array([], dtype=object)
        for min_df, max_df in ((self.vectorizer.min_df, self.vectorizer.max_df), (1, 1.0)):
            self.vectorizer.set_params(min_df=min_df, max_df=max_df)
            try:
                self.words = self.vectorizer.fit_transform(self.texts).tocsr()
            except ValueError:  # no term survives (or none at all): try looser, else no words
                continue
            self.vocabulary = self.vectorizer.get_feature_names_out()
            break
        embedder = Embedder.load() if embeddings and n else None
        self.space: EmbeddingSpace | None = None
        self.dense = np.zeros((n, 0), np.float32)
        if embedder is not None:
            self.space, self.dense = EmbeddingSpace.fit(embedder, self.texts)
        self.word_share = WORDS if self.space is not None else 1.0

    def __len__(self) -> int:
        return len(self.texts)

    # --- vectors of new texts ---------------------------------------------------------------

    def encode(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, np.ndarray]:
        texts = [t or "" for t in texts]
        words = (
            self.vectorizer.transform(texts).tocsr()
            if len(self.vocabulary)
            else sp.csr_matrix(np.zeros((len(texts), 0), np.float32))
        )
        dense = (
            self.space.transform(texts)
            if self.space is not None
            else np.zeros((len(texts), 0), np.float32)
        )
        return words, dense

    def scores(self, words: sp.csr_matrix, dense: np.ndarray) -> np.ndarray:
        """Similarity of each given vector to every indexed text (rows x len(self))."""
        s = np.asarray((words @ self.words.T).todense(), dtype=np.float32) * self.word_share
        if self.space is not None:
            s += (1 - self.word_share) * (dense @ self.dense.T)
        return np.clip(s, 0.0, 1.0)

    # --- questions ---------------------------------------------------------------------------

    def similar(self, text: str, k: int = 5, exclude: Sequence[int] = ()) -> list[Match]:
        words, dense = self.encode([text])
        return self._top(words, dense, self.scores(words, dense)[0], k, set(exclude))

    def similar_to(self, i: int, k: int = 5) -> list[Match]:
        words, dense = self.words[i], self.dense[i : i + 1]
        return self._top(words, dense, self.scores(words, dense)[0], k, {i})

    def neighbours(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Every text's k most similar others: (indices, scores), each len(self) x k, best first."""
        n = len(self)
        k = max(0, min(k, n - 1))
        idx = np.zeros((n, k), np.int64)
        val = np.zeros((n, k), np.float32)
        for start in range(0, n, BLOCK):
            stop = min(n, start + BLOCK)
            s = self.scores(self.words[start:stop], self.dense[start:stop])
            s[np.arange(stop - start), np.arange(start, stop)] = -1.0
            top = _top_k(s, k)
            idx[start:stop] = top
            val[start:stop] = np.take_along_axis(s, top, axis=1)
        return idx, val

    def key_terms(self, rows: Sequence[int], k: int = 5) -> list[str]:
        """The terms that set a group of texts apart from the whole corpus, as written."""
        if not len(rows) or not len(self.vocabulary):
            return []
        inside = np.asarray(self.words[list(rows)].mean(axis=0)).ravel()
        overall = np.asarray(self.words.mean(axis=0)).ravel()
        weight = inside * np.log1p(inside / (overall + 1e-9))
        order = np.lexsort((self.vocabulary, -weight))
        found: list[str] = []
        for j in order:
            if weight[j] <= 0 or len(found) == k:
                break
            if not self.terms.in_language(self.vocabulary[j]):
                continue
            # Two stems (a Dutch and an English reading, say) can be written the same way.
            readable = self.terms.readable(self.vocabulary[j])
            if readable not in found:
                found.append(readable)
        return found

    def shared_terms(self, words: sp.csr_matrix, j: int, k: int = 4) -> tuple[str, ...]:
        product = words.multiply(self.words[j]).tocsr()
        order = sorted(zip(product.data, product.indices, strict=True), key=lambda t: (-t[0], t[1]))
        return tuple(self.terms.readable(self.vocabulary[c]) for _, c in order[:k])

    def _top(
        self, words: sp.csr_matrix, dense: np.ndarray, s: np.ndarray, k: int, exclude: set[int]
    ) -> list[Match]:
        s = s.copy()
        for i in exclude:
            if 0 <= i < len(s):
                s[i] = -1.0
        chosen = [int(i) for i in _top_k(s[None, :], min(k, len(s)))[0] if s[i] >= 0]
        return [Match(i, round(float(s[i]), 4), self.shared_terms(words, i)) for i in chosen]


def _top_k(s: np.ndarray, k: int) -> np.ndarray:
    """Column indices of each row's k largest values, best first, ties by lower index."""
    if k <= 0:
        return np.zeros((s.shape[0], 0), np.int64)
    if k < s.shape[1]:
        part = np.argpartition(-s, k - 1, axis=1)[:, :k]
    else:
        part = np.tile(np.arange(s.shape[1]), (s.shape[0], 1))
    vals = np.take_along_axis(s, part, axis=1)
    order = np.lexsort((part, -vals), axis=1)
    return np.take_along_axis(part, order, axis=1)
