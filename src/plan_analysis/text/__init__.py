"""Text wing: segments → sentences → tokens (fugashi + unidic-lite) → word statistics and codes.

`dictionaries` (the analyst's compound terms, spelling variants, stop words) → `tokenize`
(with `cache`, the token cache) → `textstats` (frequency, KWIC, co-occurrence,
characteristic words) and `coding` (KH Coder-style coding rules over sentences).
"""

from . import coding, textstats
from .coding import Rule, code_sentences, load_rules, parse_rules, roll_up
from .dictionaries import Dictionaries, load_dictionaries
from .tokenize import SENTENCE_KEYS, TOKEN_COLUMNS, tokenize_segments

__all__ = [
    "SENTENCE_KEYS",
    "TOKEN_COLUMNS",
    "Dictionaries",
    "Rule",
    "code_sentences",
    "coding",
    "load_dictionaries",
    "load_rules",
    "parse_rules",
    "roll_up",
    "textstats",
    "tokenize_segments",
]
