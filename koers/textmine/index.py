"""Similarity between use-case texts: words (TF-IDF over stems), character n-grams for Dutch, and
word embeddings, blended by the texts' language, with a correction for "hub" texts.

For two English texts, ``similarity = 0.7 x cosine(words) + 0.3 x cosine(embeddings)``. The
English word embeddings pulled Dutch results down, so for two Dutch texts they weigh less
(``NL_EMBEDDINGS``), and character n-grams of the words the word vocabulary does not know take
over where words fail: ``similarity = (NL_WORDS + NL_CHARS x (1 - u)) x cosine(words) +
NL_CHARS x u x cosine(char n-grams) + NL_EMBEDDINGS x cosine(embeddings)``, u being the share of
the text's words that are unknown. Each text's vectors are scaled by the square root of its own
weights, so that one product of the stacked vectors gives the blend (a Dutch-English pair gets
the geometric mean of the two texts' weights). Without the embeddings (package missing) their
weight goes to the words. The similarity is in [0, 1].

**Ranking** corrects for hubness: in a large backlog some generic texts are close to everything
and crowd the top five of every query. Each indexed text's score is ranked lowered by ``HUB_WEIGHT``
times its mean similarity to its own ``HUB_K`` nearest neighbours; the score shown stays the
similarity itself, so thresholds (20% at intake, 0.6 for duplicates) keep their meaning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from koers.textmine.embed import Embedder, EmbeddingSpace
from koers.textmine.text import STOP, Terms, tokens

WORDS = 0.7  # English (and mixed) pairs: words; the embeddings get the rest
NL_WORDS, NL_CHARS, NL_EMBEDDINGS = 0.2, 0.6, 0.2  # Dutch pairs
UNMATCHED_ONLY = True
HUB_K = 5
HUB_WEIGHT = 0.5
HUB_MIN = 50  # smaller indexes have no hubs worth the name: ranking is the similarity
BLOCK = 1024


@dataclass(frozen=True)
class Match:
    index: int
    score: float
    terms: tuple[str, ...]  # shared key terms, as written


class TextIndex:
    """An immutable index over a list of texts; positions are the texts' indices.

    ``words`` and ``dense`` are the stacked, weighted vectors of the indexed texts (their
    products give the similarity); ``tfidf`` and ``vocabulary`` the word part alone."""

    def __init__(
        self, texts: Sequence[str], *, embeddings: bool = True, language: str | None = None
    ) -> None:
        """``language`` is the reader's: key terms are named in it when its texts allow."""
        self.texts = [t or "" for t in texts]
        n = len(self.texts)
        self.terms = Terms(language)
        self.terms.learn(self.texts)
        self.vectorizer = TfidfVectorizer(
            analyzer=self.terms,
            min_df=2 if n >= 50 else 1,
            max_df=0.5 if n >= 20 else 1.0,
            sublinear_tf=True,
            dtype=np.float32,
        )
        self.tfidf = sp.csr_matrix(np.zeros((n, 0), np.float32))
        self.vocabulary = np.array([], dtype=object)
        for min_df, max_df in ((self.vectorizer.min_df, self.vectorizer.max_df), (1, 1.0)):
            self.vectorizer.set_params(min_df=min_df, max_df=max_df)
            try:
                self.tfidf = self.vectorizer.fit_transform(self.texts).tocsr()
            except ValueError:  # no term survives (or none at all): try looser, else no words
                continue
            self.vocabulary = self.vectorizer.get_feature_names_out()
            break
        dutch = self._dutch(self.texts)
        self.chars: TfidfVectorizer | None = None
        if dutch.sum() >= 2:
            self.chars = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(3, 5),
                preprocessor=self._unmatched if UNMATCHED_ONLY else _content,
                min_df=2 if dutch.sum() >= 50 else 1,
                sublinear_tf=True,
                dtype=np.float32,
            )
            try:
                self.chars.fit([t for t, d in zip(self.texts, dutch, strict=True) if d])
            except ValueError:  # no n-gram survives
                self.chars = None
        embedder = Embedder.load() if embeddings and n else None
        self.space: EmbeddingSpace | None = None
        dense = np.zeros((n, 0), np.float32)
        if embedder is not None:
            self.space, dense = EmbeddingSpace.fit(embedder, self.texts)
        self.words, self.dense = self._stack(self.tfidf, dense, self.texts, dutch)

    def __len__(self) -> int:
        return len(self.texts)

    # --- vectors of new texts ---------------------------------------------------------------

    def _dutch(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self.terms.language_of(t) == "nl" for t in texts], dtype=bool)

    def _unmatched(self, text: str) -> str:
        """The words of a text that the word vocabulary does not know (nor any of their parts):
        where words fail, character n-grams take over."""
        known = self.vectorizer.vocabulary_ if len(self.vocabulary) else {}
        return " ".join(
            w for w in tokens(text) if w not in STOP and not any(s in known for s in self._stems(w))
        )

    def _stems(self, word: str) -> list[str]:
        stems = [s for _, s in Terms._dutch_word(word)]
        parts = self.terms.splitter.split(word)
        if len(parts) > 1:
            stems += [s for p in parts for _, s in Terms._dutch_word(p)]
        return stems

    def _weights(
        self, dutch: np.ndarray, share: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per text, the weights of its words, character n-grams and embeddings."""
        if self.space is not None:
            en, nl = (WORDS, 0.0, 1 - WORDS), (NL_WORDS, NL_CHARS, NL_EMBEDDINGS)
        else:
            en, nl = (1.0, 0.0, 0.0), (NL_WORDS + NL_EMBEDDINGS, NL_CHARS, 0.0)
        if self.chars is None:
            nl = (nl[0] + nl[1], 0.0, nl[2])
        words, chars, dense = (np.where(dutch, b, a) for a, b in zip(en, nl, strict=True))
        return words + chars * (1 - share), chars * share, dense

    def _stack(
        self, tfidf: sp.csr_matrix, dense: np.ndarray, texts: Sequence[str], dutch: np.ndarray
    ) -> tuple[sp.csr_matrix, np.ndarray]:
        share = np.ones(len(texts))
        chars = None
        if self.chars is not None:
            chars = self.chars.transform(
                [t if d else "" for t, d in zip(texts, dutch, strict=True)]
            )
            if UNMATCHED_ONLY:
                share = np.array(
                    [
                        _share(self._unmatched(t), t) if d else 0.0
                        for t, d in zip(texts, dutch, strict=True)
                    ]
                )
        w_words, w_chars, w_dense = (
            np.sqrt(w).astype(np.float32) for w in self._weights(dutch, share)
        )
        parts = [sp.diags(w_words) @ tfidf]
        if chars is not None:
            parts.append(sp.diags(w_chars) @ chars)
        words = sp.hstack(parts, format="csr", dtype=np.float32)
        return words, (dense * w_dense[:, None]).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, np.ndarray]:
        texts = [t or "" for t in texts]
        tfidf = (
            self.vectorizer.transform(texts).tocsr()
            if len(self.vocabulary)
            else sp.csr_matrix(np.zeros((len(texts), 0), np.float32))
        )
        dense = (
            self.space.transform(texts)
            if self.space is not None
            else np.zeros((len(texts), 0), np.float32)
        )
        return self._stack(tfidf, dense, texts, self._dutch(texts))

    def scores(self, words: sp.csr_matrix, dense: np.ndarray) -> np.ndarray:
        """Similarity of each given vector to every indexed text (rows x len(self))."""
        s = np.asarray((words @ self.words.T).todense(), dtype=np.float32)
        if dense.shape[1]:
            s += dense @ self.dense.T
        return np.clip(s, 0.0, 1.0)

    @cached_property
    def hubness(self) -> np.ndarray:
        """Per indexed text, what ranking takes off its score: ``HUB_WEIGHT`` x its mean
        similarity to its ``HUB_K`` nearest neighbours (zeros in a small index)."""
        n = len(self)
        if n < HUB_MIN:
            return np.zeros(n, np.float32)
        k = min(HUB_K, n - 1)
        hub = np.zeros(n, np.float32)
        for start in range(0, n, BLOCK):
            stop = min(n, start + BLOCK)
            s = self.scores(self.words[start:stop], self.dense[start:stop])
            s[np.arange(stop - start), np.arange(start, stop)] = -1.0
            hub[start:stop] = -np.partition(-s, k - 1, axis=1)[:, :k].mean(axis=1)
        return (HUB_WEIGHT * hub).astype(np.float32)

    def ranking(self, s: np.ndarray) -> np.ndarray:
        """Scores (rows x len(self)) as ranked: lowered by each indexed text's hubness."""
        return s - self.hubness[None, :]

    # --- questions ---------------------------------------------------------------------------

    def similar(self, text: str, k: int = 5, exclude: Sequence[int] = ()) -> list[Match]:
        words, dense = self.encode([text])
        return self._top(words, self.scores(words, dense)[0], k, set(exclude))

    def similar_to(self, i: int, k: int = 5) -> list[Match]:
        words, dense = self.words[i], self.dense[i : i + 1]
        return self._top(words, self.scores(words, dense)[0], k, {i})

    def neighbours(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Every text's k most similar others, as ranked: (indices, similarities), each
        len(self) x k, best first."""
        n = len(self)
        k = max(0, min(k, n - 1))
        idx = np.zeros((n, k), np.int64)
        val = np.zeros((n, k), np.float32)
        for start in range(0, n, BLOCK):
            stop = min(n, start + BLOCK)
            s = self.scores(self.words[start:stop], self.dense[start:stop])
            ranked = self.ranking(s)
            ranked[np.arange(stop - start), np.arange(start, stop)] = -np.inf
            top = _top_k(ranked, k)
            idx[start:stop] = top
            val[start:stop] = np.take_along_axis(s, top, axis=1)
        return idx, val

    def key_terms(self, rows: Sequence[int], k: int = 5) -> list[str]:
        """The terms that set a group of texts apart from the whole corpus, as written."""
        if not len(rows) or not len(self.vocabulary):
            return []
        inside = np.asarray(self.tfidf[list(rows)].mean(axis=0)).ravel()
        overall = np.asarray(self.tfidf.mean(axis=0)).ravel()
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
        """The words that a vector (of ``encode``) and an indexed text share most, as written."""
        v = len(self.vocabulary)
        product = words[:, :v].multiply(self.words[j, :v]).tocsr()
        order = sorted(zip(product.data, product.indices, strict=True), key=lambda t: (-t[0], t[1]))
        return tuple(self.terms.readable(self.vocabulary[c]) for _, c in order[:k])

    def _top(self, words: sp.csr_matrix, s: np.ndarray, k: int, exclude: set[int]) -> list[Match]:
        ranked = self.ranking(s[None, :])[0]
        for i in exclude:
            if 0 <= i < len(s):
                ranked[i] = -np.inf
        chosen = [int(i) for i in _top_k(ranked[None, :], min(k, len(s)))[0] if ranked[i] > -np.inf]
        return [Match(i, round(float(s[i]), 4), self.shared_terms(words, i)) for i in chosen]


def _share(unmatched: str, text: str) -> float:
    words = len(_content(text).split())
    return min(1.0, len(unmatched.split()) / words) if words else 0.0


def _content(text: str) -> str:
    """A text's words without stop words, for character n-grams."""
    return " ".join(w for w in tokens(text) if w not in STOP)


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
