"""Whether a page's declared language (<html lang>) fits its text, checked cheaply with function words.

Templates often declare a default ("en" on a German page), so a declared language is trusted only when
enough of the text's words are common words of that language; otherwise langdetect decides. The check
costs a set lookup per word, against a few milliseconds for langdetect.

    >>> fits("en", "The council said on Monday that it would vote on the plan in March.")
    True
    >>> fits("en", "Der Stadtrat hat am Montag gesagt, dass er im März über den Plan abstimmen wird.")
    False
    >>> fits("sw", "Any text at all, long enough to count as a sample of some words") is None
    True
"""

from __future__ import annotations

import re

# The most frequent function words of each language: in running text of that language roughly a third
# of all words are among them, in another language few are (shared ones like "a", "in" aside).
_FUNCTION_WORDS = {
    "en": "the of and to a in is that for it on was with as are be by this at from have has not",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es",
    "fr": "le la les de des et en un une du est que pour dans qui pas sur au par plus il ne se",
    "es": "el la de que y en los del se las por un para con una no es al lo como más su",
    "it": "il di che e la in un per è del della una non con si le da al sono gli nel",
    "pt": "o a de que e do da em um para com não uma os no se na por mais as dos",
    "nl": "de het een en van in is dat op te zijn met voor niet aan er die ook als bij",
    "ru": "и в не на что с по как это он к но из у за от о же то все так для",
}
FUNCTION_WORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
SAMPLE_WORDS = 80
MIN_SHARE = 0.12  # below this share of function words the text is not in the declared language
WORD = re.compile(r"\w+")


def fits(lang: str, text: str) -> bool | None:
    """True when the text reads as `lang`, False when it does not, None when we have no word list."""
    words = FUNCTION_WORDS.get(lang)
    if words is None:
        return None
    sample = [w.casefold() for w in WORD.findall(text[: SAMPLE_WORDS * 12])][:SAMPLE_WORDS]
    if len(sample) < 10:
        return None
    return sum(w in words for w in sample) / len(sample) >= MIN_SHARE
