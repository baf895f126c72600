"""Multivariate maps of words, KH Coder style: correspondence analysis, hierarchical clusters, MDS.

Every function takes the `tokens` table (optionally with a grouping column joined by
`textstats.attach`) and, as in `textstats`, counts words by their `base` form, leaves out stop
words unless `include_stop=True`, and restricts them to some parts of speech with `pos1`.
Words are selected as KH Coder selects them: the `n_words` most frequent (occurrences, then
units containing them, then base) of those occurring at least `min_freq` times. Each word's
`pos1` is its most frequent part of speech.

Clusters and MDS measure how far apart two words are by the units (sentences, cells or items,
`textstats.UNITS`) that contain them, from the unit × word presence matrix of
`textstats.cooccurrence`; the correspondence analysis counts, per category, the units that
contain a word (KH Coder's default counts documents, not occurrences).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from ..errors import PlanAnalysisError
from .textstats import UNITS, Unit, counted, incidence, word_frequency

if TYPE_CHECKING:
    from scipy import sparse

Metric = Literal["jaccard", "cosine", "euclidean"]
Method = Literal["ward", "average", "complete"]
_METRICS = ("jaccard", "cosine", "euclidean")
_METHODS = ("ward", "average", "complete")


@dataclass(frozen=True)
class Correspondence:
    """A correspondence analysis: words and categories in principal coordinates.

    words: base, pos1, freq (occurrences), n_units, dim1…, ctr1… (the share of the dimension's
    inertia the word contributes), quality (the share of the word's inertia the shown
    dimensions hold; NaN for a word at the centre); most frequent first.
    categories: category, n_units (units of the category), dim1…, ctr1…, quality; by category.
    inertia: dim, eigenvalue (principal inertia), share of the total, cumulative share; one
    row per dimension of the solution, shown or not.
    """

    words: pd.DataFrame
    categories: pd.DataFrame
    inertia: pd.DataFrame

    @property
    def total_inertia(self) -> float:
        """χ² / n of the word × category table: the sum of the eigenvalues."""
        return float(self.inertia["eigenvalue"].sum())


@dataclass(frozen=True)
class WordClusters:
    """A hierarchical clustering of words.

    linkage: scipy's (n − 1) × 4 linkage matrix over the words in `labels` order (for
    `scipy.cluster.hierarchy.dendrogram(linkage, labels=labels)`); clusters: base, pos1, freq,
    n_units, cluster (1… in dendrogram order, left to right); by cluster, then most frequent.
    """

    linkage: np.ndarray
    labels: list[str]
    clusters: pd.DataFrame


@dataclass(frozen=True)
class WordMap:
    """A classical MDS map of words: words (base, pos1, freq, n_units, dim1…; most frequent
    first), Kruskal's stress-1 of the map's distances against the words' distances, and the
    share of the positive eigenvalues the shown dimensions explain."""

    words: pd.DataFrame
    stress: float
    explained: float


def parts_of_speech(words: pd.DataFrame) -> pd.Series:
    """Each word's most frequent part of speech (ties: the first by name), indexed by base."""
    by_pos = word_frequency(words, include_stop=True).drop_duplicates("base")
    return by_pos.set_index("base")["pos1"]


def _frequent(
    words: pd.DataFrame, unit: Unit, min_freq: int, n_words: int | None
) -> tuple[sparse.csc_array, pd.DataFrame]:
    """The unit × word presence matrix of the selected words, and those words (base, pos1,
    freq, n_units) in selection order: most frequent first."""
    matrix, freq, vocabulary = incidence(words, unit)
    table = pd.DataFrame(
        {"base": vocabulary, "freq": freq, "n_units": np.asarray(matrix.sum(axis=0)).ravel()}
    ).astype({"freq": "int64", "n_units": "int64"})
    table = table[table["freq"] >= min_freq].sort_values(
        ["freq", "n_units", "base"], ascending=[False, False, True], kind="stable"
    )
    table = table.head(len(table) if n_words is None else n_words)
    table.insert(1, "pos1", parts_of_speech(words).reindex(table["base"]).to_numpy())
    return matrix[:, table.index.to_numpy()], table.reset_index(drop=True)


def _few_words(analysis: str, needed: int, min_freq: int, found: int) -> PlanAnalysisError:
    return PlanAnalysisError(
        f"{analysis} needs at least {needed} words of freq ≥ {min_freq}, found {found}"
    )


def _dims(values: np.ndarray, prefix: str) -> dict[str, np.ndarray]:
    return {f"{prefix}{k + 1}": values[:, k] for k in range(values.shape[1])}


def _signs(vectors: np.ndarray) -> np.ndarray:
    """±1 per column of `vectors`, making its largest entry (in absolute value) positive: SVD
    and eigenvector signs are arbitrary, the output should not be."""
    largest = vectors[np.abs(vectors).argmax(axis=0), np.arange(vectors.shape[1])]
    return np.where(largest < 0, -1.0, 1.0)


def correspondence_analysis(
    tokens: pd.DataFrame,
    by: str,
    *,
    unit: Unit = "item",
    pos1: Iterable[str] | None = None,
    min_freq: int = 3,
    min_group: int = 1,
    n_words: int | None = 60,
    n_dims: int = 2,
    include_stop: bool = False,
) -> Correspondence:
    """対応分析 of the word × category table: per value of the column `by` (goal_no, division,
    fiscal_year …, joined with `textstats.attach`), the units containing each word.

    A unit in several categories (departments of an item through `item_departments`) counts in
    each; tokens without a value of `by` are left out, and so are categories of fewer than
    `min_group` units (one item of its own sits far out and stretches the map). Plain SVD of
    the standardized residuals (Greenacre, *Correspondence Analysis in Practice*, appendix A):
    with P = N / n, row and column masses r and c,
        S = D_r^-1/2 (P - r cᵀ) D_c^-1/2 = U Σ Vᵀ,
    principal inertias σ_k², word coordinates D_r^-1/2 U Σ and category coordinates
    D_c^-1/2 V Σ (both principal, KH Coder's symmetric map). The solution has
    min(words, categories) − 1 dimensions; `n_dims` of them are shown (fewer if it has fewer).
    Signs: on each dimension, the category with the largest entry (in absolute value) of V is
    on the positive side.
    """
    if by not in tokens.columns:
        raise PlanAnalysisError(
            f"the tokens have no column {by!r}: join it first with textstats.attach"
        )
    if n_dims < 1:
        raise PlanAnalysisError(f"n_dims must be at least 1, found {n_dims}")
    words = counted(tokens, pos1=pos1, include_stop=include_stop)
    words = words[words[by].notna()]
    keys = [*UNITS[unit], by]
    group_units = words.drop_duplicates(keys).groupby(by, sort=True).size()
    words = words[words[by].isin(group_units.index[group_units >= min_group])]
    _, table = _frequent(words, unit, min_freq, n_words)
    present = words[words["base"].isin(table["base"])].drop_duplicates([*keys, "base"])
    counts = present.groupby([by, "base"], sort=True).size().unstack(fill_value=0)
    if len(counts) < 2:
        raise PlanAnalysisError(
            f"correspondence analysis needs at least two categories of {by!r}, found {len(counts)}"
        )
    if len(table) < 2:
        raise _few_words("correspondence analysis", 2, min_freq, len(table))
    n = counts.reindex(columns=table["base"]).to_numpy(dtype=float).T  # words × categories
    p = n / n.sum()
    r, c = p.sum(axis=1), p.sum(axis=0)
    residuals = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    u, sigma, vt = np.linalg.svd(residuals, full_matrices=False)
    solution = min(n.shape) - 1
    shown = min(n_dims, solution)
    signs = _signs(vt[:solution].T)
    u, v, sigma = u[:, :solution] * signs, vt[:solution].T * signs, sigma[:solution]
    eigenvalues = sigma**2
    total = (residuals**2).sum()

    def points(
        vectors: np.ndarray, masses: np.ndarray, own_inertia: np.ndarray
    ) -> dict[str, np.ndarray]:
        coordinates = vectors * sigma / np.sqrt(masses)[:, None]
        held = (vectors[:, :shown] ** 2 * eigenvalues[:shown]).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            quality = held / own_inertia
        return {
            **_dims(coordinates[:, :shown], "dim"),
            **_dims(vectors[:, :shown] ** 2, "ctr"),
            "quality": quality,
        }

    word_points = pd.DataFrame(points(u, r, (residuals**2).sum(axis=1)))
    categories = pd.DataFrame(
        {
            "category": counts.index.to_numpy(),
            "n_units": group_units.reindex(counts.index).to_numpy(dtype="int64"),
            **points(v, c, (residuals**2).sum(axis=0)),
        }
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        share = eigenvalues / total
    inertia = pd.DataFrame(
        {
            "dim": np.arange(1, solution + 1),
            "eigenvalue": eigenvalues,
            "share": share,
            "cumulative": np.cumsum(share),
        }
    )
    return Correspondence(pd.concat([table, word_points], axis=1), categories, inertia)


def _distances(matrix: sparse.csc_array, metric: Metric) -> np.ndarray:
    """Word × word distances from the units containing them (the columns of `matrix`).

    jaccard: 1 − n_ab / (n_a + n_b − n_ab); cosine: 1 − n_ab / √(n_a n_b), both on presence.
    euclidean: between the words' presence vectors standardized over the units, as KH Coder
    standardizes each word before its Euclid distance (else chaining swamps the clusters);
    with N units that is √(2 (N − 1) (1 − φ_ab)), φ the correlation of the two 0/1 vectors.
    (KH Coder computes cosine and Euclid on each unit's counts per 1,000 words; here all three
    are on presence, as its Jaccard is.)
    """
    if metric not in _METRICS:
        raise PlanAnalysisError(f"unknown metric {metric!r}: expected one of {', '.join(_METRICS)}")
    presence = matrix.astype(np.float64)
    both = (presence.T @ presence).toarray()
    n = np.diag(both)
    if metric == "jaccard":
        distance = 1 - both / (n[:, None] + n[None, :] - both)
    elif metric == "cosine":
        distance = 1 - both / np.sqrt(np.outer(n, n))
    else:
        units = matrix.shape[0]
        spread = n * (units - n)
        if (spread == 0).any():
            raise PlanAnalysisError(
                "a word in every unit cannot be standardized for the euclidean distance: "
                "use the jaccard or cosine metric, or a smaller unit"
            )
        phi = (units * both - np.outer(n, n)) / np.sqrt(np.outer(spread, spread))
        distance = np.sqrt(np.clip(2 * (units - 1) * (1 - phi), 0, None))
    np.fill_diagonal(distance, 0)
    return np.clip((distance + distance.T) / 2, 0, None)


def word_clusters(
    tokens: pd.DataFrame,
    *,
    unit: Unit = "sentence",
    pos1: Iterable[str] | None = None,
    min_freq: int = 3,
    n_words: int | None = 60,
    method: Method = "ward",
    metric: Metric = "jaccard",
    n_clusters: int | None = None,
    include_stop: bool = False,
) -> WordClusters:
    """階層的クラスター分析 of words by the units they share (distances: see `_distances`).

    Agglomeration by `scipy.cluster.hierarchy.linkage` on the condensed distances. For
    "ward" that is R's `hclust(method = "ward.D2")`, which KH Coder runs for Ward: the
    Lance–Williams update of Ward's criterion applied to the distances as given, heights on
    the distance scale (Jaccard distances are not Euclidean, so Ward's variance reading is an
    approximation, as in KH Coder). `n_clusters` defaults to KH Coder's "Auto", the square
    root of the number of words rounded; flat clusters are cut from the tree with `cut_tree`
    and numbered in dendrogram order.
    """
    if method not in _METHODS:
        raise PlanAnalysisError(f"unknown method {method!r}: expected one of {', '.join(_METHODS)}")
    words = counted(tokens, pos1=pos1, include_stop=include_stop)
    matrix, table = _frequent(words, unit, min_freq, n_words)
    if len(table) < 2:
        raise _few_words("word clustering", 2, min_freq, len(table))
    distance = _distances(matrix, metric)
    from scipy.cluster import hierarchy  # deferred: only the maps need scipy's clustering
    from scipy.spatial.distance import squareform

    linkage = hierarchy.linkage(squareform(distance, checks=False), method=method)
    k = int(np.sqrt(len(table)) + 0.5) if n_clusters is None else n_clusters
    if not 1 <= k <= len(table):
        raise PlanAnalysisError(
            f"n_clusters must be between 1 and the {len(table)} words, found {k}"
        )
    cut = hierarchy.cut_tree(linkage, n_clusters=k).ravel()
    numbers = np.empty(k, dtype="int64")
    numbers[pd.unique(cut[hierarchy.leaves_list(linkage)])] = np.arange(1, k + 1)
    clusters = table.assign(cluster=numbers[cut]).sort_values(
        ["cluster", "freq", "base"], ascending=[True, False, True], kind="stable"
    )
    return WordClusters(linkage, table["base"].tolist(), clusters.reset_index(drop=True))


def word_mds(
    tokens: pd.DataFrame,
    *,
    unit: Unit = "sentence",
    pos1: Iterable[str] | None = None,
    min_freq: int = 3,
    n_words: int | None = 60,
    metric: Metric = "jaccard",
    n_dims: int = 2,
    include_stop: bool = False,
) -> WordMap:
    """Classical (Torgerson) MDS of the words' distances (`_distances`), KH Coder's "Classical".

    With D² the squared distances and J = I − 11ᵀ/n, B = −½ J D² J = V Λ Vᵀ; the map is
    V_k Λ_k^½ for the `n_dims` largest eigenvalues (a negative one, from distances no
    Euclidean space holds, gives 0). Dimensions are centred; each is signed so that its word
    of largest |coordinate| is positive.
    """
    if n_dims < 1:
        raise PlanAnalysisError(f"n_dims must be at least 1, found {n_dims}")
    words = counted(tokens, pos1=pos1, include_stop=include_stop)
    matrix, table = _frequent(words, unit, min_freq, n_words)
    if len(table) <= n_dims:
        raise _few_words(f"word MDS in {n_dims} dimensions", n_dims + 1, min_freq, len(table))
    distance = _distances(matrix, metric)
    centring = np.eye(len(table)) - 1 / len(table)
    eigenvalues, vectors = np.linalg.eigh(-0.5 * centring @ distance**2 @ centring)
    top = np.argsort(eigenvalues)[::-1][:n_dims]
    kept = np.clip(eigenvalues[top], 0, None)
    coordinates = vectors[:, top] * np.sqrt(kept)
    coordinates *= _signs(coordinates)
    positive = eigenvalues[eigenvalues > 0].sum()
    from scipy.spatial.distance import pdist, squareform  # deferred, as in word_clusters

    given = squareform(distance, checks=False)
    with np.errstate(divide="ignore", invalid="ignore"):
        explained = kept.sum() / positive
        stress = np.sqrt(((given - pdist(coordinates)) ** 2).sum() / (given**2).sum())
    words_map = pd.concat([table, pd.DataFrame(_dims(coordinates, "dim"))], axis=1)
    return WordMap(words_map, float(stress), float(explained))


def code_residuals(coded: pd.DataFrame, by: str, codes: Sequence[str]) -> pd.DataFrame:
    """コーディング×外部変数: per code and value of `by`, the units, coded units, their share
    and the adjusted (standardised) residual of the coded cell (Haberman):
        (O − E) / √(E (1 − coded / N) (1 − units_j / N)),  E = coded × units_j / N,
    of the code's coded / not coded × categories table. |residual| > 1.96 marks a category
    where the code is more (or less) frequent than chance would make it, at about 5%; a code
    in every unit or in none has NaN. `coded` holds one row per unit (`roll_up`, or items
    joined with their codes) and the column `by`. Columns: code, by, n_units, n_coded, share,
    residual; by code (in the order given), then category.
    """
    units = coded.groupby(by, sort=True).size()
    hits = coded.groupby(by, sort=True)[list(codes)].sum().astype("int64")
    total, coded_all = units.sum(), hits.sum(axis=0)
    expected = np.outer(units, coded_all) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = expected * np.outer(1 - units / total, 1 - coded_all / total)
        residual = (hits.to_numpy() - expected) / np.sqrt(spread)
    n_categories = len(units)
    return pd.DataFrame(
        {
            "code": np.repeat(list(codes), n_categories),
            by: np.tile(units.index.to_numpy(), len(codes)),
            "n_units": np.tile(units.to_numpy(), len(codes)).astype("int64"),
            "n_coded": hits.to_numpy().T.ravel(),
            "share": (hits.to_numpy() / units.to_numpy()[:, None]).T.ravel(),
            "residual": residual.T.ravel(),
        }
    )


def code_cooccurrence(
    coded: pd.DataFrame, codes: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(edges, nodes) of the co-occurrence network of codes over the units of `coded` (one row
    per unit, a boolean column per code): edges code_a, code_b (in the order given), n_a, n_b,
    n_both (units with both) and jaccard, for the pairs found together at least once, strongest
    first; nodes code, n_units, for every code found at least once."""
    presence = coded[list(codes)].to_numpy(dtype=np.int64)
    both = presence.T @ presence
    n = np.diag(both)
    a, b = np.triu_indices(len(codes), k=1)
    names = np.array(list(codes), dtype=object)
    edges = pd.DataFrame(
        {
            "code_a": names[a],
            "code_b": names[b],
            "n_a": n[a],
            "n_b": n[b],
            "n_both": both[a, b],
        }
    )
    edges = edges[edges["n_both"] > 0]
    edges = edges.assign(jaccard=edges["n_both"] / (edges["n_a"] + edges["n_b"] - edges["n_both"]))
    edges = edges.sort_values(
        ["jaccard", "n_both", "code_a", "code_b"],
        ascending=[False, False, True, True],
        kind="stable",
    )
    nodes = pd.DataFrame({"code": names, "n_units": n})
    return edges.reset_index(drop=True), nodes[nodes["n_units"] > 0].reset_index(drop=True)
