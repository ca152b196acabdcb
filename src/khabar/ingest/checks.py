"""Checks that an article is worth extracting: size and language."""

from __future__ import annotations

import re
import unicodedata

#: Longest article text accepted (characters). News articles are a few thousand; a book is not an article.
MAX_ARTICLE_CHARS = 1_000_000

#: Common English function words: an English text of any length has many of them.
_ENGLISH = frozenset(
    {
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "by",
        "at",
        "from",
        "it",
        "his",
        "he",
        "are",
        "be",
        "has",
        "have",
        "said",
        "were",
        "an",
        "which",
        "not",
        "but",
        "this",
        "they",
        "their",
        "who",
        "its",
        "had",
        "been",
        "will",
        "or",
        "after",
        "also",
        "over",
        "against",
        "into",
        "more",
        "than",
    }
)
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split()[0].title()
    except ValueError:
        return "another"


def size_problem(n_chars: int, limit: int = MAX_ARTICLE_CHARS) -> str | None:
    if n_chars > limit:
        return (
            f"too long for a news article ({n_chars / 1e6:.1f} million characters; the limit is "
            f"{limit / 1e6:g} million, set with --max-chars)"
        )
    return None


#: Fewer words than this is a page fragment (a menu, a caption), not an article.
MIN_WORDS = 8


def length_problem(text: str) -> str | None:
    n = len(_LETTERS.findall(text[:5000]))
    if n < MIN_WORDS:
        return f"too short to be an article ({n} word{'s' if n != 1 else ''}; no article text found)"
    return None


def language_problem(text: str) -> str | None:
    """A reason when the text is not English (Khabar reads English-language news), else None."""
    sample = text[:20000]
    words = _LETTERS.findall(sample)
    if not words:
        return "no words in the text"
    letters = [c for w in words for c in w]
    latin = sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, ""))
    if latin < 0.6 * len(letters):
        other = next(c for w in words for c in w if not (c.isascii() or "LATIN" in unicodedata.name(c, "")))
        return f"not English text (mostly {_script(other)} script); Khabar reads English-language news"
    lowered = [w.lower() for w in words]
    if len(lowered) >= 30:
        share = sum(1 for w in lowered if w in _ENGLISH) / len(lowered)
        if share < 0.06:
            return f"not English text (only {share:.0%} common English words); Khabar reads English-language news"
    return None
