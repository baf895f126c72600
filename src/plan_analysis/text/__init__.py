"""Text wing: segments → sentences → tokens (fugashi + unidic-lite) → word statistics and codes.

`dictionaries` (the analyst's compound terms, spelling variants, stop words) → `tokenize`
(with `cache`, the token cache) → `textstats` (frequency, KWIC, co-occurrence,
characteristic words) and `coding` (KH Coder-style coding rules over sentences) →
`multivariate` (correspondence analysis, word clusters, MDS, codes × a variable) and
`terms` (related words, compound-term candidates, words across years).
"""

from . import coding, multivariate, terms, textstats
from .coding import Rule, code_sentences, load_rules, parse_rules, roll_up
from .dictionaries import Dictionaries, load_dictionaries
from .multivariate import (
    Correspondence,
    WordClusters,
    WordMap,
    code_cooccurrence,
    code_residuals,
    correspondence_analysis,
    word_clusters,
    word_mds,
)
from .terms import (
    compound_candidates,
    kwic_across_years,
    related_words,
    rising_falling,
    year_characteristic_words,
)
from .tokenize import SENTENCE_KEYS, TOKEN_COLUMNS, tokenize_segments

__all__ = [
    "SENTENCE_KEYS",
    "TOKEN_COLUMNS",
    "Correspondence",
    "Dictionaries",
    "Rule",
    "WordClusters",
    "WordMap",
    "code_cooccurrence",
    "code_residuals",
    "code_sentences",
    "coding",
    "compound_candidates",
    "correspondence_analysis",
    "kwic_across_years",
    "load_dictionaries",
    "load_rules",
    "multivariate",
    "parse_rules",
    "related_words",
    "rising_falling",
    "roll_up",
    "terms",
    "textstats",
    "tokenize_segments",
    "word_clusters",
    "word_mds",
    "year_characteristic_words",
]
